/* A growable, always NUL-terminated byte string. */
#ifndef SD_STR_H
#define SD_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct StrBuf {
    char *s; /* NULL only after sb_steal */
    size_t len;
    size_t cap;
};

void sb_init(struct StrBuf *sb);
void sb_free(struct StrBuf *sb);
void sb_clear(struct StrBuf *sb);
void sb_putc(struct StrBuf *sb, char c);
void sb_append(struct StrBuf *sb, const char *s);
void sb_appendn(struct StrBuf *sb, const char *s, size_t n);
void sb_appendf(struct StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vappendf(struct StrBuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Hands the buffer to the caller (free() it). sb then holds nothing: sb_free() is a no-op, and
 * appending starts a new buffer. */
char *sb_steal(struct StrBuf *sb);

bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* The next space-separated word of *p into word (cap bytes, cut to fit), moving *p past it.
 * False when no word is left. Filters are read word by word with it. */
bool str_next_word(const char **p, char *word, size_t cap);
/* Case-insensitive substring search in any script the filters meet (fold_contains(), the
 * same under every locale); NULL haystack never matches. */
bool str_icontains(const char *haystack, const char *needle);

/* The value of a hexadecimal digit, or -1. */
int str_hexval(char c);

#endif
