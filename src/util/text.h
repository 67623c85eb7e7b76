/* Display width and the one function that makes untrusted text safe to draw.
 *
 * Every string that comes from the database (cells, error messages, notices) or from a config
 * file passes through text_safe() before any curses call. The output is valid UTF-8 that holds
 * no C0/C1 control, no DEL, no bidi control and no invisible character except inside emoji
 * sequences; each of those is replaced by a visible token (see text.c for the table). */
#ifndef SD_TEXT_H
#define SD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    TEXT_KEEP_NEWLINES = 1 << 0, /* keep '\n' as a line break (multi-line panes) */
};

/* Reads the locale once (after setlocale): false when the codeset is not UTF-8, in which case
 * text_safe() emits printable ASCII only. Tests can force a mode with text_set_utf8(). */
void text_init(void);
void text_set_utf8(bool utf8);
bool text_is_utf8(void);

/* Makes len bytes of s (len may be (size_t)-1 for strlen) safe to draw; NULL gives "".
 * Input beyond TEXT_MAX_BYTES is clipped and marked with "…". Returns a heap string. */
#define TEXT_MAX_BYTES (64 * 1024)
char *text_safe(const char *s, size_t len, int flags);

/* The same filtering as text_safe(), delivered as pieces in order instead of one string: each
 * piece is n > 0 bytes at s (not NUL-terminated, valid only during the call). token is true for
 * the visible replacement tokens (^[, <RLO>, \u0080, U+FFFD, ...) so that the UI can draw them
 * in a distinct attribute, false for text passed through. A character and the marks, ZWJ, VS,
 * modifiers and tags kept with it always arrive in one piece. NULL s delivers nothing. */
typedef void (*text_piece_fn)(void *ud, const char *s, size_t n, bool token);
void text_safe_each(const char *s, size_t len, int flags, text_piece_fn fn, void *ud);

/* Decodes one strictly valid UTF-8 sequence from s[0, n), n >= 1: its length, with the code
 * point in *cp, or 0 when s[0] starts none (overlong, surrogate, > U+10FFFF, truncated). */
size_t text_decode(const char *s, size_t n, uint32_t *cp);

/* Display width in columns of a string text_safe() produced, cluster by cluster as a
 * terminal draws it (see text.c: VS16 makes a narrow emoji wide, a ZWJ sequence takes its
 * first member's cells). For a string holding kept '\n' line breaks, the widest line. */
int text_width(const char *s);

/* The length of the grapheme cluster at s and (optional) its columns as text_width() counts
 * them; 0 at the end of s, 1 with width 0 for a '\n'. */
size_t text_cluster(const char *s, int *width);

/* The number of bytes of s that fit in cols columns without splitting a character or a
 * grapheme cluster; *used (optional) receives the columns they take. Single-line: it stops at
 * the first '\n' (text_pad() then counts the rest as clipped). */
size_t text_fit(const char *s, int cols, int *used);

/* Clipping with a marker, by display cells: when s fits in cols, all of it; else the bytes
 * that fit in cols - 1, leaving the last cell for the marker, and *clipped is true. *used gets
 * the columns of the bytes returned; a wide character that would straddle the marker's cell is
 * left out, so the caller pads with a space before the marker. */
size_t text_clip(const char *s, int cols, int *used, bool *clipped);

/* Writes s fitted to exactly cols columns into a new heap string: clipped with "…" (or "~"
 * in ASCII mode) in the last cell when too long (text_clip()), padded with spaces when short;
 * right-aligned if right. */
char *text_pad(const char *s, int cols, bool right);

/* One line of text_wrap(): s[off, off + len) takes width columns. */
struct TextSpan {
    size_t off, len;
    int width;
};

/* Word-wraps a string text_safe() produced to cols columns (cols < 1 counts as 1): breaks at
 * spaces (the spaces at a break belong to no line), starts a line at each '\n', and hard-breaks
 * a word wider than cols between grapheme clusters; a single cluster wider than cols gets a
 * line of its own. Returns the number of lines and a heap array of them in *out (free() it);
 * "" gives one empty line, NULL gives 0 lines and *out = NULL. */
size_t text_wrap(const char *s, int cols, struct TextSpan **out);

#endif
