/* Display width and safe text.
 *
 * text_safe_each() is the one implementation of the filter; text_safe() collects its pieces.
 * It decodes UTF-8 strictly and replaces, in order:
 *
 *   invalid byte (overlong, surrogate, > U+10FFFF, truncated)  U+FFFD per byte   (ASCII: ?)
 *   U+0000-001F, U+007F                  ^@ .. ^_, ^?  (so '\r' is always ^M)
 *   '\n' (no TEXT_KEEP_NEWLINES)         U+21B5 "↵"                           (ASCII: ^J)
 *   '\t' (no TEXT_KEEP_NEWLINES)         U+2192 "→"                           (ASCII: ^I)
 *   '\t' (TEXT_KEEP_NEWLINES)            spaces up to the next multiple of 4 columns
 *   U+0080-009F                          \u0080 .. \u009f
 *   U+202A-202E                          <LRE> <RLE> <PDF> <LRO> <RLO>
 *   U+2066-2069                          <LRI> <RLI> <FSI> <PDI>
 *   U+200E U+200F U+061C                 <LRM> <RLM> <ALM>
 *   U+200B U+200C U+2060 U+FEFF U+00AD   <ZWSP> <ZWNJ> <WJ> <BOM> <SHY>
 *   U+200D                               kept between two pictographs, else <ZWJ>
 *   U+FE0E U+FE0F                        kept right after a pictograph or 0-9 # * (only
 *                                        VS16 may then take a ZWJ), else
 *                                        <VS15> <VS16>
 *   U+FE00-FE0D, U+E0100-E01EF           <VS1> .. <VS14>, <VS17> .. <VS256>
 *   U+E0020-E007F                        kept inside U+1F3F4 tag+ U+E007F, else \U000e0067
 *   other default-ignorable or invisible code points (U+034F, U+115F, U+1160, U+17B4-17B5,
 *   U+180B-180F, U+2028-2029, U+2061-2065, U+206A-206F, U+3164, U+FFA0, U+FFF0-FFFB,
 *   U+1BCA0-1BCA3, U+1D173-1D17A, U+E0000-E0FFF)  \uXXXX / \UXXXXXXXX
 *   wcwidth() == -1 (unassigned, noncharacters, ...)                \uXXXX / \UXXXXXXXX
 *   zero-width mark with no base (at the start, after '\n' or a token)  \uXXXX
 *   the 5th and later marks on one base  dropped; one "…" per run                (ASCII: ~)
 *   input beyond TEXT_MAX_BYTES          clipped at a character boundary, then "…" (ASCII: ~)
 *
 * U+200C (ZWNJ) always becomes <ZWNJ>, Persian and Indic text included: it is invisible, so it
 * can make two names that look the same differ; showing it is the safe default. Skin-tone
 * modifiers and regional indicators pass. In ASCII mode (non-UTF-8 locale) every other
 * non-ASCII character becomes '?', and an emoji sequence (ZWJ, VS, modifiers, tags) becomes a
 * single '?'. Every token is ASCII apart from the four glyphs U+FFFD ↵ → … above.
 *
 * Widths are what a terminal draws, cluster by cluster: wcwidth() of each code point, except
 * that VS16 makes a narrow pictograph or keycap wide (✂️ is 2 columns, as terminals that know
 * emoji presentation draw it) and a character after a kept ZWJ adds nothing (the family emoji
 * is 2 columns: tmux 3.3a, where the e2e tests run, draws a ZWJ sequence in the first
 * member's cell). Skin-tone modifiers and regional indicators keep their wcwidth(), as tmux
 * 3.3a draws them. ncurses counts wcwidth() code point by code point, so ui/draw.c draws a
 * cluster where the two differ in a form both agree on. In ASCII mode a few typographic
 * characters (… · – — │ ─ • « » and quotes) become look-alikes ("...", ".", "-", "|", ...).
 * State is a flag read once by text_init(); call it at startup, after setlocale(). */
#include "config.h"

#include "src/util/text.h"

#include <langinfo.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "src/util/str.h"
#include "src/util/xalloc.h"

#define MAX_MARKS 4 /* combining marks kept per base (ncurses holds 4 + the base per cell) */
#define MAX_TAGS 32 /* longest emoji tag sequence looked for after U+1F3F4 */
#define BAD_CP UINT32_MAX

static int g_utf8 = -1; /* -1 until text_init() or text_set_utf8() */

void text_init(void)
{
    const char *cs = nl_langinfo(CODESET);
    g_utf8 = cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

void text_set_utf8(bool utf8)
{
    g_utf8 = utf8;
}

bool text_is_utf8(void)
{
    if (g_utf8 < 0)
        text_init();
    return g_utf8 == 1;
}

/* --- code point classes ------------------------------------------------------------------- */

struct Range {
    uint32_t lo, hi;
};

static bool in_ranges(const struct Range *r, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* Extended_Pictographic (Unicode 15 emoji data), a few neighbouring ranges merged. */
static const struct Range pictographic[] = {
    {0x00A9, 0x00A9},   {0x00AE, 0x00AE},   {0x203C, 0x203C},   {0x2049, 0x2049},
    {0x2122, 0x2122},   {0x2139, 0x2139},   {0x2194, 0x2199},   {0x21A9, 0x21AA},
    {0x231A, 0x231B},   {0x2328, 0x2328},   {0x2388, 0x2388},   {0x23CF, 0x23CF},
    {0x23E9, 0x23F3},   {0x23F8, 0x23FA},   {0x24C2, 0x24C2},   {0x25AA, 0x25AB},
    {0x25B6, 0x25B6},   {0x25C0, 0x25C0},   {0x25FB, 0x25FE},   {0x2600, 0x2605},
    {0x2607, 0x2612},   {0x2614, 0x2685},   {0x2690, 0x2705},   {0x2708, 0x2712},
    {0x2714, 0x2714},   {0x2716, 0x2716},   {0x271D, 0x271D},   {0x2721, 0x2721},
    {0x2728, 0x2728},   {0x2733, 0x2734},   {0x2744, 0x2744},   {0x2747, 0x2747},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},
    {0x2763, 0x2767},   {0x2795, 0x2797},   {0x27A1, 0x27A1},   {0x27B0, 0x27B0},
    {0x27BF, 0x27BF},   {0x2934, 0x2935},   {0x2B05, 0x2B07},   {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x3030, 0x3030},   {0x303D, 0x303D},
    {0x3297, 0x3297},   {0x3299, 0x3299},   {0x1F000, 0x1F0FF}, {0x1F10D, 0x1F10F},
    {0x1F12F, 0x1F12F}, {0x1F16C, 0x1F171}, {0x1F17E, 0x1F17F}, {0x1F18E, 0x1F18E},
    {0x1F191, 0x1F19A}, {0x1F1AD, 0x1F1E5}, {0x1F201, 0x1F20F}, {0x1F21A, 0x1F21A},
    {0x1F22F, 0x1F22F}, {0x1F232, 0x1F23A}, {0x1F23C, 0x1F23F}, {0x1F249, 0x1F3FA},
    {0x1F400, 0x1F53D}, {0x1F546, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F774, 0x1F77F},
    {0x1F7D5, 0x1F7FF}, {0x1F80C, 0x1F80F}, {0x1F848, 0x1F84F}, {0x1F85A, 0x1F85F},
    {0x1F888, 0x1F88F}, {0x1F8AE, 0x1F8FF}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
    {0x1F947, 0x1FAFF}, {0x1FC00, 0x1FFFD},
};

static bool is_pictographic(uint32_t cp)
{
    return cp >= 0xA9 && in_ranges(pictographic, sizeof pictographic / sizeof *pictographic, cp);
}

static bool is_skin_tone(uint32_t cp)
{
    return cp >= 0x1F3FB && cp <= 0x1F3FF;
}

static bool is_regional(uint32_t cp)
{
    return cp >= 0x1F1E6 && cp <= 0x1F1FF;
}

/* Common combining blocks, for ASCII mode where wcwidth() knows nothing beyond ASCII. */
static const struct Range marks_ascii[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F},
};

/* Invisible and bidi code points that become tokens; name NULL means \uXXXX. Sorted. */
struct Named {
    uint32_t lo, hi;
    const char *name;
};

static const struct Named invisible[] = {
    {0x00AD, 0x00AD, "<SHY>"},  {0x034F, 0x034F, NULL},     {0x061C, 0x061C, "<ALM>"},
    {0x115F, 0x1160, NULL},     {0x17B4, 0x17B5, NULL},     {0x180B, 0x180F, NULL},
    {0x200B, 0x200B, "<ZWSP>"}, {0x200C, 0x200C, "<ZWNJ>"}, {0x200D, 0x200D, "<ZWJ>"},
    {0x200E, 0x200E, "<LRM>"},  {0x200F, 0x200F, "<RLM>"},  {0x2028, 0x2029, NULL},
    {0x202A, 0x202A, "<LRE>"},  {0x202B, 0x202B, "<RLE>"},  {0x202C, 0x202C, "<PDF>"},
    {0x202D, 0x202D, "<LRO>"},  {0x202E, 0x202E, "<RLO>"},  {0x2060, 0x2060, "<WJ>"},
    {0x2061, 0x2065, NULL},     {0x2066, 0x2066, "<LRI>"},  {0x2067, 0x2067, "<RLI>"},
    {0x2068, 0x2068, "<FSI>"},  {0x2069, 0x2069, "<PDI>"},  {0x206A, 0x206F, NULL},
    {0x3164, 0x3164, NULL},     {0xFE00, 0xFE0F, "<VS>"},   {0xFEFF, 0xFEFF, "<BOM>"},
    {0xFFA0, 0xFFA0, NULL},     {0xFFF0, 0xFFFB, NULL},     {0x1BCA0, 0x1BCA3, NULL},
    {0x1D173, 0x1D17A, NULL},   {0xE0000, 0xE00FF, NULL},   {0xE0100, 0xE01EF, "<VS>"},
    {0xE01F0, 0xE0FFF, NULL},
};

static const struct Named *find_invisible(uint32_t cp)
{
    size_t lo = 0, hi = sizeof invisible / sizeof *invisible;
    if (cp < 0xAD)
        return NULL;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < invisible[mid].lo)
            hi = mid;
        else if (cp > invisible[mid].hi)
            lo = mid + 1;
        else
            return &invisible[mid];
    }
    return NULL;
}

/* --- UTF-8 ------------------------------------------------------------------------------ */

/* Decodes one strictly valid sequence from s[0, n), n >= 1: returns its length and stores the
 * code point, or returns 0 when s[0] starts none (the caller replaces that one byte). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    uint32_t v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* > U+10FFFF */
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    v = (v << 6) | (s[1] & 0x3Fu);
    for (size_t k = 2; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[k] & 0x3Fu);
    }
    *cp = v;
    return len;
}

size_t text_decode(const char *s, size_t n, uint32_t *cp)
{
    return n ? utf8_decode((const unsigned char *)s, n, cp) : 0;
}

/* Decodes at s in a NUL-terminated string: 0 at the end, else the length, with BAD_CP for an
 * invalid byte (length 1). */
static size_t decode_z(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t avail;

    *cp = 0;
    if (u[0] == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    avail = 1;
    while (avail < 4 && u[avail] != 0)
        avail++;
    size_t n = utf8_decode(u, avail, cp);
    if (n == 0) {
        *cp = BAD_CP;
        return 1;
    }
    return n;
}

/* --- the filter ------------------------------------------------------------------------- */

enum prev_kind {
    PREV_NONE,   /* start, after '\n' or a token */
    PREV_OTHER,  /* an ordinary character */
    PREV_KEYCAP, /* 0-9 # *: may take VS15/VS16 */
    PREV_EMOJI,  /* a pictograph: may take VS15/VS16 and ZWJ */
    PREV_EMOJI2, /* after its VS, modifier or tag sequence: may take ZWJ only */
};

struct Safe {
    text_piece_fn fn;
    void *ud;
    const char *s; /* the input, for lookahead */
    size_t len;
    bool utf8, keep_nl;
    size_t run_off, run_len; /* pending pass-through bytes of s */
    int col;                 /* column in the current output line (for tabs) */
    int marks;               /* combining marks on the current base; -1: no base */
    bool zalgo;              /* the current run of excess marks was shown as "…" */
    enum prev_kind prev;
    size_t tag_end; /* tags before this offset close a valid emoji tag sequence */
    bool glue;      /* ASCII mode: the next pictograph follows a kept ZWJ, absorb it */
};

static void flush(struct Safe *st)
{
    if (st->run_len) {
        st->fn(st->ud, st->s + st->run_off, st->run_len, false);
        st->run_len = 0;
    }
}

static void pass(struct Safe *st, size_t off, size_t n, int width)
{
    if (st->run_len && st->run_off + st->run_len == off) {
        st->run_len += n;
    } else {
        flush(st);
        st->run_off = off;
        st->run_len = n;
    }
    st->col += width;
}

static void emit(struct Safe *st, const char *s, size_t n, int width, bool token)
{
    flush(st);
    st->fn(st->ud, s, n, token);
    st->col += width;
}

/* One of the four non-ASCII glyph tokens, or its ASCII form. */
static void glyph(struct Safe *st, const char *utf8, const char *ascii)
{
    if (st->utf8)
        emit(st, utf8, strlen(utf8), 1, true);
    else
        emit(st, ascii, strlen(ascii), (int)strlen(ascii), true);
}

/* A token that stands for a character: what follows has no base to combine with. */
static void replace(struct Safe *st, const char *tok, size_t n)
{
    emit(st, tok, n, (int)n, true);
    st->marks = -1;
    st->zalgo = false;
    st->prev = PREV_NONE;
    st->glue = false;
}

static void replace_escape(struct Safe *st, uint32_t cp)
{
    static const char hex[] = "0123456789abcdef";
    char buf[12];
    int digits = cp > 0xFFFF ? 8 : 4;

    buf[0] = '\\';
    buf[1] = cp > 0xFFFF ? 'U' : 'u';
    for (int k = 0; k < digits; k++)
        buf[2 + k] = hex[(cp >> (4 * (digits - 1 - k))) & 0xF];
    replace(st, buf, (size_t)digits + 2);
}

static void replace_bad(struct Safe *st)
{
    glyph(st, "\xEF\xBF\xBD", "?");
    st->marks = -1;
    st->zalgo = false;
    st->prev = PREV_NONE;
    st->glue = false;
}

/* The next code point at off, or BAD_CP. */
static uint32_t peek(const struct Safe *st, size_t off)
{
    uint32_t cp;
    if (off >= st->len || utf8_decode((const unsigned char *)st->s + off, st->len - off, &cp) == 0)
        return BAD_CP;
    return cp;
}

/* After U+1F3F4 at off: where a valid tag sequence (1..MAX_TAGS tags, then U+E007F) ends. */
static size_t tag_sequence_end(const struct Safe *st, size_t off)
{
    const unsigned char *u = (const unsigned char *)st->s;
    int tags = 0;

    while (off < st->len && tags <= MAX_TAGS) {
        uint32_t cp;
        size_t n = utf8_decode(u + off, st->len - off, &cp);
        if (n == 0)
            return 0;
        if (cp == 0xE007F)
            return tags > 0 ? off + n : 0;
        if (cp < 0xE0020 || cp > 0xE007E)
            return 0;
        tags++;
        off += n;
    }
    return 0;
}

/* Keeps a part of an emoji sequence (ZWJ, VS, tag): zero width, absorbed in ASCII mode. False
 * when the locale does not agree that it has zero width (the caller makes a token). */
static bool keep_joiner(struct Safe *st, uint32_t cp, size_t off, size_t n)
{
    if (!st->utf8)
        return true;
    if (wcwidth((wchar_t)cp) != 0)
        return false;
    pass(st, off, n, 0);
    return true;
}

/* Can cp follow a kept ZWJ: a pictograph that will pass as a base. */
static bool joinable(const struct Safe *st, uint32_t cp)
{
    return is_pictographic(cp) && (!st->utf8 || wcwidth((wchar_t)cp) > 0);
}

static void mark(struct Safe *st, uint32_t cp, size_t off, size_t n)
{
    if (st->marks < 0) {
        replace_escape(st, cp);
        return;
    }
    if (st->marks >= MAX_MARKS) {
        if (!st->zalgo)
            glyph(st, "\xE2\x80\xA6", "~");
        st->zalgo = true;
        return;
    }
    st->marks++;
    st->prev = PREV_OTHER;
    if (st->utf8)
        pass(st, off, n, 0);
    else
        emit(st, "?", 1, 1, true);
}

/* ASCII mode: typographic punctuation and line drawing read as their ASCII look-alikes (a
 * separator stays a separator, a token mask "…1234" stays readable); everything else is '?'. */
static const char *ascii_lookalike(uint32_t cp)
{
    static const struct {
        uint32_t cp;
        const char *s;
    } map[] = {
        {0x00A0, " "},   {0x00AB, "<<"}, {0x00B7, "."},  {0x00BB, ">>"}, {0x2010, "-"},
        {0x2011, "-"},   {0x2012, "-"},  {0x2013, "-"},  {0x2014, "-"},  {0x2015, "-"},
        {0x2018, "'"},   {0x2019, "'"},  {0x201C, "\""}, {0x201D, "\""}, {0x2022, "*"},
        {0x2026, "..."}, {0x2190, "<-"}, {0x2192, "->"}, {0x2212, "-"},  {0x2500, "-"},
        {0x2502, "|"},   {0x250C, "+"},  {0x2510, "+"},  {0x2514, "+"},  {0x2518, "+"},
        {0x251C, "+"},   {0x2524, "+"},  {0x252C, "+"},  {0x2534, "+"},  {0x253C, "+"},
        {0x25CF, "*"},   {0x2713, "v"},  {0x2717, "x"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].cp == cp)
            return map[i].s;
    return NULL;
}

static void base(struct Safe *st, uint32_t cp, size_t off, size_t n, int width)
{
    bool pict = is_pictographic(cp);
    const char *alike;

    if (st->utf8) {
        pass(st, off, n, width);
    } else if ((alike = ascii_lookalike(cp)) != NULL) {
        emit(st, alike, strlen(alike), (int)strlen(alike), false);
    } else if (!(st->glue && pict)) {
        emit(st, "?", 1, 1, true);
    }
    st->glue = false;
    st->marks = 0;
    st->zalgo = false;
    st->prev = pict ? PREV_EMOJI : PREV_OTHER;
    if (cp == 0x1F3F4)
        st->tag_end = tag_sequence_end(st, off + n);
}

static void ascii_char(struct Safe *st, unsigned char c, size_t off)
{
    static const char spaces[] = "    ";

    if (c >= 0x20 && c < 0x7F) {
        pass(st, off, 1, 1);
        st->marks = 0;
        st->zalgo = false;
        st->glue = false;
        st->prev = (c >= '0' && c <= '9') || c == '#' || c == '*' ? PREV_KEYCAP : PREV_OTHER;
        return;
    }
    if (c == '\n' && st->keep_nl) {
        pass(st, off, 1, 0);
        st->col = 0;
        st->marks = -1;
        st->zalgo = false;
        st->glue = false;
        st->prev = PREV_NONE;
        return;
    }
    if (c == '\t' && st->keep_nl) {
        int n = 4 - st->col % 4;
        emit(st, spaces, (size_t)n, n, false);
        st->marks = 0;
        st->zalgo = false;
        st->glue = false;
        st->prev = PREV_OTHER;
        return;
    }
    if (c == '\n' || c == '\t') {
        glyph(st, c == '\n' ? "\xE2\x86\xB5" : "\xE2\x86\x92", c == '\n' ? "^J" : "^I");
        st->marks = -1;
        st->zalgo = false;
        st->glue = false;
        st->prev = PREV_NONE;
        return;
    }
    char caret[2] = {'^', c == 0x7F ? '?' : (char)(c + 0x40)};
    replace(st, caret, 2);
}

static void wide_char(struct Safe *st, uint32_t cp, size_t off, size_t n)
{
    const struct Named *inv;

    if (cp <= 0x9F) { /* C1 */
        replace_escape(st, cp);
        return;
    }
    if (cp == 0x200D) {
        if ((st->prev == PREV_EMOJI || st->prev == PREV_EMOJI2) &&
            joinable(st, peek(st, off + n)) && keep_joiner(st, cp, off, n)) {
            st->glue = !st->utf8;
            st->prev = PREV_NONE; /* the pictograph that follows is the next base */
            return;
        }
        replace(st, "<ZWJ>", 5);
        return;
    }
    if (cp == 0xFE0E || cp == 0xFE0F) {
        if ((st->prev == PREV_EMOJI || st->prev == PREV_KEYCAP) && keep_joiner(st, cp, off, n)) {
            /* text presentation (VS15) ends the emoji sequence */
            st->prev = st->prev == PREV_EMOJI && cp == 0xFE0F ? PREV_EMOJI2 : PREV_OTHER;
            return;
        }
        replace(st, cp == 0xFE0E ? "<VS15>" : "<VS16>", 6);
        return;
    }
    if (cp >= 0xE0020 && cp <= 0xE007F && off < st->tag_end && keep_joiner(st, cp, off, n)) {
        if (cp == 0xE007F)
            st->prev = PREV_EMOJI2;
        return;
    }
    if (is_skin_tone(cp) && (!st->utf8 || wcwidth((wchar_t)cp) > 0)) {
        bool after_emoji = st->prev == PREV_EMOJI;
        if (st->utf8) {
            pass(st, off, n, wcwidth((wchar_t)cp));
        } else if (!after_emoji) {
            emit(st, "?", 1, 1, true);
        }
        st->marks = 0;
        st->zalgo = false;
        st->glue = false;
        st->prev = after_emoji ? PREV_EMOJI2 : PREV_OTHER;
        return;
    }
    inv = find_invisible(cp);
    if (inv) {
        char buf[12];
        if (!inv->name) {
            replace_escape(st, cp);
        } else if (strcmp(inv->name, "<VS>") == 0) {
            unsigned vs = cp >= 0xE0100 ? cp - 0xE0100 + 17 : cp - 0xFE00 + 1;
            size_t k = 0;
            buf[k++] = '<';
            buf[k++] = 'V';
            buf[k++] = 'S';
            if (vs >= 100)
                buf[k++] = (char)('0' + vs / 100);
            if (vs >= 10)
                buf[k++] = (char)('0' + vs / 10 % 10);
            buf[k++] = (char)('0' + vs % 10);
            buf[k++] = '>';
            replace(st, buf, k);
        } else {
            replace(st, inv->name, strlen(inv->name));
        }
        return;
    }

    int w = wcwidth((wchar_t)cp);
    if (!st->utf8) {
        if (w == 0 || in_ranges(marks_ascii, sizeof marks_ascii / sizeof *marks_ascii, cp))
            mark(st, cp, off, n);
        else
            base(st, cp, off, n, 1);
        return;
    }
    if (w < 0)
        replace_escape(st, cp);
    else if (w == 0)
        mark(st, cp, off, n);
    else
        base(st, cp, off, n, w);
}

/* Where to clip s (len > max) so that no character straddles the cut. */
static size_t clip_point(const char *s, size_t max)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t j = max;

    if ((u[max] & 0xC0) != 0x80)
        return max;
    while (j > 0 && max - j < 3 && (u[j] & 0xC0) == 0x80)
        j--;
    if (u[j] >= 0xC2 && u[j] <= 0xF4) {
        size_t seq = u[j] < 0xE0 ? 2 : u[j] < 0xF0 ? 3 : 4;
        if (j + seq > max)
            return j;
    }
    return max;
}

void text_safe_each(const char *s, size_t len, int flags, text_piece_fn fn, void *ud)
{
    struct Safe st = {0};
    bool clipped = false;
    size_t i = 0;

    if (!s)
        return;
    if (len == (size_t)-1)
        len = strnlen(s, (size_t)TEXT_MAX_BYTES + 1);
    if (len > TEXT_MAX_BYTES) {
        len = clip_point(s, TEXT_MAX_BYTES);
        clipped = true;
    }
    st.fn = fn;
    st.ud = ud;
    st.s = s;
    st.len = len;
    st.utf8 = text_is_utf8();
    st.keep_nl = (flags & TEXT_KEEP_NEWLINES) != 0;
    st.marks = -1;
    st.prev = PREV_NONE;

    while (i < len) {
        const unsigned char *u = (const unsigned char *)s + i;
        uint32_t cp;
        size_t n;

        if (*u < 0x80) {
            ascii_char(&st, *u, i);
            i++;
            continue;
        }
        n = utf8_decode(u, len - i, &cp);
        if (n == 0) {
            replace_bad(&st);
            i++;
            continue;
        }
        wide_char(&st, cp, i, n);
        i += n;
    }
    if (clipped)
        glyph(&st, "\xE2\x80\xA6", "~");
    flush(&st);
}

static void append_piece(void *ud, const char *s, size_t n, bool token)
{
    (void)token;
    sb_appendn(ud, s, n);
}

char *text_safe(const char *s, size_t len, int flags)
{
    struct StrBuf sb;

    sb_init(&sb);
    text_safe_each(s, len, flags, append_piece, &sb);
    return sb.s; /* the caller owns the buffer */
}

/* --- width ------------------------------------------------------------------------------ */

/* Columns of one code point as the width functions count it: wcwidth(), with 1 for an invalid
 * byte or an unprintable code point (text_safe() output holds neither). */
static int cp_width(uint32_t cp)
{
    int w;
    if (cp >= 0x20 && cp < 0x7F)
        return 1;
    if (cp == BAD_CP)
        return 1;
    w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

/* The grapheme cluster at s (s[0] not NUL nor '\n'), simplified: a character with the
 * zero-width code points, skin-tone modifiers and ZWJ-joined characters after it, or a pair of
 * regional indicators. Returns its length; *width gets the columns a terminal gives it: the
 * sum of its code points' widths, except that a character after a ZWJ adds nothing (tmux 3.3a
 * draws it in the cell of the one before) and VS16 makes a narrow base wide (emoji
 * presentation, as terminals that know VS16 draw it). */
static size_t cluster(const char *s, int *width)
{
    uint32_t cp, next;
    size_t len = decode_z(s, &cp), n;
    int w = cp_width(cp);
    bool regional = is_regional(cp), joined = false;

    if (cp == BAD_CP) {
        *width = 1;
        return len;
    }
    while ((n = decode_z(s + len, &next)) != 0 && next != '\n' && next != BAD_CP) {
        int add = cp_width(next);
        if (joined) {
            joined = false;
            add = 0;
        } else if (next == 0x200D) {
            joined = true;
        } else if (next == 0xFE0F) {
            add = w == 1 ? 1 : 0;
        } else if (regional && is_regional(next)) {
            regional = false;
        } else if (next >= 0x80 && !is_skin_tone(next) && wcwidth((wchar_t)next) != 0) {
            break;
        } else if (next < 0x80) {
            break;
        }
        w += add;
        len += n;
    }
    *width = w;
    return len;
}

int text_width(const char *s)
{
    long best = 0, cur = 0;
    size_t i = 0;

    if (!s)
        return 0;
    while (s[i]) {
        if (s[i] == '\n') {
            if (cur > best)
                best = cur;
            cur = 0;
            i++;
            continue;
        }
        int cw;
        i += cluster(s + i, &cw);
        if (cur < INT_MAX)
            cur += cw;
    }
    if (cur > best)
        best = cur;
    return best > INT_MAX ? INT_MAX : (int)best;
}

size_t text_cluster(const char *s, int *width)
{
    if (!s || !*s || *s == '\n') {
        if (width)
            *width = 0;
        return s && *s ? 1 : 0;
    }
    int w;
    size_t n = cluster(s, &w);
    if (width)
        *width = w;
    return n;
}

size_t text_fit(const char *s, int cols, int *used)
{
    size_t off = 0;
    int w = 0;

    if (s) {
        while (s[off] && s[off] != '\n') {
            int cw;
            size_t n = cluster(s + off, &cw);
            if (cw > cols - w)
                break;
            w += cw;
            off += n;
        }
    }
    if (used)
        *used = w;
    return off;
}

size_t text_clip(const char *s, int cols, int *used, bool *clipped)
{
    int w;
    size_t n = text_fit(s, cols, &w);
    bool more = s && s[n] != '\0';

    if (more && cols >= 1)
        n = text_fit(s, cols - 1, &w); /* the marker takes the last cell */
    if (used)
        *used = w;
    if (clipped)
        *clipped = more && cols >= 1;
    return n;
}

char *text_pad(const char *s, int cols, bool right)
{
    const char *marker = text_is_utf8() ? "\xE2\x80\xA6" : "~";
    size_t n, mlen = 0, pad;
    int used;
    bool clipped;
    char *out, *p;

    if (cols <= 0)
        return xstrdup("");
    if (!s)
        s = "";
    n = text_clip(s, cols, &used, &clipped);
    if (clipped) {
        mlen = strlen(marker);
        used++;
    }
    pad = (size_t)(cols - used);
    out = xmalloc(n + mlen + pad + 1);
    p = out;
    if (right) {
        memset(p, ' ', pad);
        p += pad;
    }
    memcpy(p, s, n);
    p += n;
    if (!right) { /* a wide character cut at the edge leaves a space before the marker */
        memset(p, ' ', pad);
        p += pad;
    }
    memcpy(p, marker, mlen);
    p += mlen;
    *p = '\0';
    return out;
}

/* --- wrapping --------------------------------------------------------------------------- */

static void push_span(struct TextSpan **v, size_t *nv, size_t *cap, size_t off, size_t len,
                      int width)
{
    if (*nv == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = xreallocarray(*v, *cap, sizeof **v);
    }
    (*v)[*nv].off = off;
    (*v)[*nv].len = len;
    (*v)[*nv].width = width;
    (*nv)++;
}

size_t text_wrap(const char *s, int cols, struct TextSpan **out)
{
    struct TextSpan *v = NULL;
    size_t nv = 0, cap = 0, p = 0;
    bool more = true;

    *out = NULL;
    if (!s)
        return 0;
    if (cols < 1)
        cols = 1;
    while (more) {
        size_t start = p, end, next = 0;
        size_t brk_end = 0, brk_next = 0; /* last break after content: line end, next start */
        size_t run_end = 0;               /* where the space run being read started */
        int w = 0, endw, brk_w = 0, run_w = 0, sw;
        bool content = false, in_run = false;

        for (;;) {
            char c = s[p];
            int cw;
            size_t n;

            if (c == '\0' || c == '\n') {
                end = p;
                endw = w;
                more = c == '\n';
                next = p + 1;
                break;
            }
            n = cluster(s + p, &cw);
            if (c == ' ' && n == 1) {
                if (content && !in_run) {
                    in_run = true;
                    run_end = p;
                    run_w = w;
                }
                if (cw > cols - w) {
                    if (content) { /* break here; spaces at a break belong to no line */
                        end = run_end;
                        endw = run_w;
                    } else {
                        end = p;
                        endw = w;
                    }
                    next = p;
                    if (content) {
                        while (s[next] == ' ' && cluster(s + next, &sw) == 1)
                            next++;
                        if (s[next] == '\n')
                            next++;
                        else if (s[next] == '\0')
                            more = false;
                    }
                    break;
                }
                w += cw;
                p += n;
                continue;
            }
            if (in_run) { /* a space run after content ends: a break opportunity */
                in_run = false;
                brk_end = run_end;
                brk_w = run_w;
                brk_next = p;
            }
            if (cw > cols - w) {
                if (brk_next > start) { /* wrap at the last space */
                    end = brk_end;
                    endw = brk_w;
                    next = brk_next;
                } else if (p == start) { /* one cluster wider than the line */
                    end = p + n;
                    endw = cw;
                    next = end;
                    if (s[next] == '\n')
                        next++;
                    else if (s[next] == '\0')
                        more = false;
                } else { /* a word wider than the line */
                    end = p;
                    endw = w;
                    next = p;
                }
                break;
            }
            content = true;
            w += cw;
            p += n;
        }
        push_span(&v, &nv, &cap, start, end - start, endw);
        p = next;
    }
    *out = v;
    return nv;
}
