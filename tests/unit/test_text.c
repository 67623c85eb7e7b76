/* T01 sanitize_unit: table-driven tests of the safe-text filter, width, fit, pad and wrap.
 *
 * Every output is checked against the invariants of RELIABILITY.md (valid UTF-8, no C0 but a
 * kept '\n', no DEL, no C1, no bidi or invisible code point outside an emoji sequence, and
 * text_width() == wcswidth()), with a UTF-8 checker and an emoji-sequence checker written
 * independently of src/util/text.c; the simple cases also check the exact output. */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

// clang-format off
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
// clang-format on

#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

#define FFFD "\xEF\xBF\xBD"
#define ELL "\xE2\x80\xA6"
#define NLG "\xE2\x86\xB5"
#define TABG "\xE2\x86\x92"
#define ACUTE "\xCC\x81"                           /* U+0301 */
#define ZWJ "\xE2\x80\x8D"                         /* U+200D */
#define VS16 "\xEF\xB8\x8F"                        /* U+FE0F */
#define WOMAN "\xF0\x9F\x91\xA9"                   /* U+1F469 */
#define LAPTOP "\xF0\x9F\x92\xBB"                  /* U+1F4BB */
#define WHITE_FLAG "\xF0\x9F\x8F\xB3"              /* U+1F3F3 */
#define RAINBOW "\xF0\x9F\x8C\x88"                 /* U+1F308 */
#define THUMBS "\xF0\x9F\x91\x8D"                  /* U+1F44D */
#define TONE3 "\xF0\x9F\x8F\xBD"                   /* U+1F3FD */
#define FLAG_FR "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7" /* U+1F1EB U+1F1F7 */
#define BLACK_FLAG "\xF0\x9F\x8F\xB4"              /* U+1F3F4 */
#define TAG(c) "\xF3\xA0\x81" c                    /* U+E0040 + (c - 0x80) */
#define SCOTLAND BLACK_FLAG TAG("\xA7") TAG("\xA2") TAG("\xB3") TAG("\xA3") TAG("\xB4") TAG("\xBF")
#define HAN "\xE6\xBC\xA2"      /* U+6F22 */
#define SCISSORS "\xE2\x9C\x82" /* U+2702, narrow without VS16 */
#define HEART "\xE2\x9D\xA4"    /* U+2764 */
#define MAN "\xF0\x9F\x91\xA8"  /* U+1F468 */
#define GIRL "\xF0\x9F\x91\xA7" /* U+1F467 */
#define FAMILY MAN ZWJ WOMAN ZWJ GIRL
#define ZI "\xE5\xAD\x97" /* U+5B57 */

/* --- independent checkers --------------------------------------------------------------- */

/* Decodes s strictly into cps (at most cap); false if s is not valid UTF-8. */
static bool decode_all(const char *s, uint32_t *cps, size_t cap, size_t *ncp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;

    while (*u) {
        uint32_t cp;
        int extra;
        uint32_t min;
        if (*u < 0x80) {
            cp = *u;
            extra = 0;
            min = 0;
        } else if ((*u & 0xE0) == 0xC0) {
            cp = *u & 0x1F;
            extra = 1;
            min = 0x80;
        } else if ((*u & 0xF0) == 0xE0) {
            cp = *u & 0x0F;
            extra = 2;
            min = 0x800;
        } else if ((*u & 0xF8) == 0xF0) {
            cp = *u & 0x07;
            extra = 3;
            min = 0x10000;
        } else {
            return false;
        }
        u++;
        for (int k = 0; k < extra; k++, u++) {
            if ((*u & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (*u & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        if (n < cap)
            cps[n] = cp;
        n++;
    }
    *ncp = n;
    return true;
}

static bool forbidden(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x34F || cp == 0x61C || cp == 0x115F ||
           cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 || (cp >= 0x180B && cp <= 0x180F) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFFB) ||
           (cp >= 0xE0000 && cp <= 0xE0FFF);
}

static bool emojiish(uint32_t cp)
{
    return cp == 0xA9 || cp == 0xAE || (cp >= 0x2000 && cp < 0x3300) || cp >= 0x1F000;
}

/* Is the invisible code point at cps[i] part of an emoji sequence? */
static bool in_emoji(const uint32_t *cps, size_t n, size_t i)
{
    uint32_t cp = cps[i], prev = i > 0 ? cps[i - 1] : 0, next = i + 1 < n ? cps[i + 1] : 0;

    if (cp == 0x200D)
        return i > 0 && (emojiish(prev) || prev == 0xFE0F || prev == 0xE007F) && emojiish(next);
    if (cp == 0xFE0E || cp == 0xFE0F)
        return i > 0 &&
               (emojiish(prev) || (prev >= '0' && prev <= '9') || prev == '#' || prev == '*');
    if (cp >= 0xE0020 && cp <= 0xE007F) {
        size_t a = i, b = i;
        while (a > 0 && cps[a - 1] >= 0xE0020 && cps[a - 1] <= 0xE007E)
            a--;
        while (b < n && cps[b] >= 0xE0020 && cps[b] <= 0xE007E)
            b++;
        return a > 0 && cps[a - 1] == 0x1F3F4 && b < n && cps[b] == 0xE007F;
    }
    return false;
}

/* The columns a terminal gives the widest line, by the rule text.h documents, written apart
 * from text.c: wcwidth() per code point, but nothing for one after a ZWJ, and VS16 widens a
 * one-column base once. */
static int term_lines_width(const char *s)
{
    size_t len = strlen(s), n = 0;
    uint32_t *cps = xmalloc((len + 1) * sizeof *cps);
    int best = 0, cur = 0, base = 0;
    bool widened = false;

    assert_true(decode_all(s, cps, len + 1, &n));
    for (size_t i = 0; i < n; i++) {
        if (cps[i] == '\n') {
            cur = 0;
            continue;
        }
        int w = wcwidth((wchar_t)cps[i]);
        assert_true(w >= 0);
        if (i > 0 && cps[i - 1] == 0x200D) {
            w = 0;
        } else if (cps[i] == 0xFE0F) {
            w = base == 1 && !widened ? 1 : 0;
            widened = true;
        } else if (w > 0) {
            base = w;
            widened = false;
        }
        cur += w;
        if (cur > best)
            best = cur;
    }
    free(cps);
    return best;
}

static void check_invariants(const char *out, int flags)
{
    size_t len = strlen(out), n = 0;
    uint32_t *cps = xmalloc((len + 1) * sizeof *cps);

    assert_non_null(out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c < 0x20)
            assert_true(c == '\n' && (flags & TEXT_KEEP_NEWLINES));
        assert_int_not_equal(c, 0x7F);
        if (!text_is_utf8())
            assert_true(c < 0x7F);
    }
    assert_true(decode_all(out, cps, len + 1, &n));
    for (size_t i = 0; i < n; i++) {
        if (forbidden(cps[i]) && !in_emoji(cps, n, i)) {
            fprintf(stderr, "forbidden U+%04X at %zu in \"%s\"\n", (unsigned)cps[i], i, out);
            fail();
        }
    }
    free(cps);
    assert_int_equal(text_width(out), term_lines_width(out));
}

static char *safe_checked(const char *s, size_t len, int flags)
{
    char *out = text_safe(s, len, flags);
    check_invariants(out, flags);
    return out;
}

/* --- table-driven filter cases ------------------------------------------------------------ */

struct Case {
    const char *in;
    size_t len; /* 0: strlen */
    int flags;
    const char *want; /* NULL: invariants only */
};

static void run_cases(const struct Case *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = c[i].len ? c[i].len : strlen(c[i].in);
        char *out = safe_checked(c[i].in, len, c[i].flags);
        if (c[i].want && strcmp(out, c[i].want) != 0) {
            fprintf(stderr, "case %zu: want \"%s\" got \"%s\"\n", i, c[i].want, out);
            fail();
        }
        /* the other mode must hold the invariants too */
        free(out);
        out = safe_checked(c[i].in, len, c[i].flags ^ TEXT_KEEP_NEWLINES);
        free(out);
    }
}

static void test_null_and_empty(void **state)
{
    (void)state;
    char *out = text_safe(NULL, 0, 0);
    assert_string_equal(out, "");
    free(out);
    out = text_safe(NULL, (size_t)-1, TEXT_KEEP_NEWLINES);
    assert_string_equal(out, "");
    free(out);
    out = text_safe("", (size_t)-1, 0);
    assert_string_equal(out, "");
    free(out);
    out = text_safe("abc", 0, 0);
    assert_string_equal(out, "");
    free(out);
    out = text_safe("abc", 2, 0);
    assert_string_equal(out, "ab");
    free(out);
    assert_int_equal(text_width(NULL), 0);
    assert_int_equal(text_width(""), 0);
}

static void test_boundary_code_points(void **state)
{
    (void)state;
    static const struct Case cases[] = {
        {"\x00", 1, 0, "^@"},
        {"\x1F", 0, 0, "^_"},
        {" ", 0, 0, " "},
        {"~", 0, 0, "~"},
        {"\x7F", 0, 0, "^?"},
        {"\xC2\x80", 0, 0, "\\u0080"},
        {"\xC2\x9F", 0, 0, "\\u009f"},
        {"\xC2\xA0", 0, 0, "\xC2\xA0"},
        {"\xE2\x80\xAA", 0, 0, "<LRE>"},
        {"\xE2\x80\xAB", 0, 0, "<RLE>"},
        {"\xE2\x80\xAC", 0, 0, "<PDF>"},
        {"\xE2\x80\xAD", 0, 0, "<LRO>"},
        {"\xE2\x80\xAE", 0, 0, "<RLO>"},
        {"\xE2\x81\xA6", 0, 0, "<LRI>"},
        {"\xE2\x81\xA7", 0, 0, "<RLI>"},
        {"\xE2\x81\xA8", 0, 0, "<FSI>"},
        {"\xE2\x81\xA9", 0, 0, "<PDI>"},
        {"\xE2\x80\x8B", 0, 0, "<ZWSP>"},
        {"\xE2\x80\x8C", 0, 0, "<ZWNJ>"},
        {"\xE2\x80\x8D", 0, 0, "<ZWJ>"},
        {"\xE2\x80\x8E", 0, 0, "<LRM>"},
        {"\xE2\x80\x8F", 0, 0, "<RLM>"},
        {"\xD8\x9C", 0, 0, "<ALM>"},
        {"\xEF\xBB\xBF", 0, 0, "<BOM>"},
        {"\xC2\xAD", 0, 0, "<SHY>"},
        {"\xE2\x81\xA0", 0, 0, "<WJ>"},
        {"\xE2\x81\xA1", 0, 0, "\\u2061"},
        {"\xE2\x81\xA4", 0, 0, "\\u2064"},
        {"\xE1\xA0\x8E", 0, 0, "\\u180e"},
        {"\xE1\x85\x9F", 0, 0, "\\u115f"},
        {"\xE1\x85\xA0", 0, 0, "\\u1160"},
        {"\xE3\x85\xA4", 0, 0, "\\u3164"},
        {"\xEF\xBF\xB9", 0, 0, "\\ufff9"},
        {"\xEF\xBF\xBB", 0, 0, "\\ufffb"},
        {"\xE2\x80\xA8", 0, 0, "\\u2028"},
        {"\xE2\x81\xAA", 0, 0, "\\u206a"},
        {"a\xEF\xB8\x80", 0, 0, "a<VS1>"},
        {"a\xEF\xB8\x8D", 0, 0, "a<VS14>"},
        {"a\xEF\xB8\x8E", 0, 0, "a<VS15>"},
        {"a\xEF\xB8\x8F", 0, 0, "a<VS16>"},
        {"a\xF3\xA0\x84\x80", 0, 0, "a<VS17>"},
        {"a\xF3\xA0\x87\xAF", 0, 0, "a<VS256>"},
        {"a\xF3\xA0\x81\x81", 0, 0, "a\\U000e0041"},
        {"\xF3\xA0\x80\x81", 0, 0, "\\U000e0001"},
        {"\xF4\x8F\xBF\xBF", 0, 0, "\\U0010ffff"},
        {"\xF4\x90\x80\x80", 0, 0, FFFD FFFD FFFD FFFD},
        {"\xCD\xB8", 0, 0, "\\u0378"},
        {"\xEF\xBF\xBE", 0, 0, "\\ufffe"},
        {"\xEF\xBF\xBD", 0, 0, FFFD},
        {"\xF0\x9F\xAB\xBF", 0, 0, NULL}, /* U+1FAFF: unassigned in glibc 2.36 */
    };
    run_cases(cases, sizeof cases / sizeof *cases);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    static const struct Case cases[] = {
        {"\xC0\xAF", 0, 0, FFFD FFFD},                   /* overlong '/' */
        {"\xC1\xBF", 0, 0, FFFD FFFD},                   /* overlong */
        {"\xE0\x80\xAF", 0, 0, FFFD FFFD FFFD},          /* overlong '/' */
        {"\xF0\x80\x80\xAF", 0, 0, FFFD FFFD FFFD FFFD}, /* overlong '/' */
        {"\xED\xA0\x80", 0, 0, FFFD FFFD FFFD},          /* U+D800 */
        {"\xED\xBF\xBF", 0, 0, FFFD FFFD FFFD},          /* U+DFFF */
        {"\xF5\x80\x80\x80", 0, 0, FFFD FFFD FFFD FFFD},
        {"\xE2\x82", 0, 0, FFFD FFFD}, /* truncated at the end */
        {"\xE2\x82"
         "a",
         0, 0, FFFD FFFD "a"},
        {"\xF0\x9F\x98", 0, 0, FFFD FFFD FFFD},
        {"\xF0\x9F\x98 x", 0, 0, FFFD FFFD FFFD " x"},
        {"\x80", 0, 0, FFFD},
        {"\xBF\x80", 0, 0, FFFD FFFD},
        {"\xFE\xFF", 0, 0, FFFD FFFD},
        {"caf\xE9", 0, 0, "caf" FFFD},
        {"caf\xC3\xA9", 0, 0, "caf\xC3\xA9"},
        {"\x9B"
         "2J",
         0, 0, FFFD "2J"}, /* raw 8-bit CSI */
        {"\xC3", 0, 0, FFFD},
        {"a\x00"
         "b",
         3, 0, "a^@b"},
    };
    run_cases(cases, sizeof cases / sizeof *cases);
}

static void test_controls(void **state)
{
    (void)state;
    static const struct Case cases[] = {
        {"\r", 0, 0, "^M"},
        {"\r", 0, TEXT_KEEP_NEWLINES, "^M"},
        {"\r\n", 0, TEXT_KEEP_NEWLINES, "^M\n"},
        {"\n", 0, 0, NLG},
        {"\n", 0, TEXT_KEEP_NEWLINES, "\n"},
        {"a\nb", 0, 0, "a" NLG "b"},
        {"\t", 0, 0, TABG},
        {"\t", 0, TEXT_KEEP_NEWLINES, "    "},
        {"ab\tc", 0, TEXT_KEEP_NEWLINES, "ab  c"},
        {"abcd\te", 0, TEXT_KEEP_NEWLINES, "abcd    e"},
        {"ab\n\tc", 0, TEXT_KEEP_NEWLINES, "ab\n    c"},
        {HAN "\tx", 0, TEXT_KEEP_NEWLINES, HAN "  x"},
        {"\x01\x07\x08\x0B\x0C\x1B", 0, 0, "^A^G^H^K^L^["},
        {"\x1B[2J", 0, 0, "^[[2J"},
        {"\x1B]0;pwned\x07", 0, 0, "^[]0;pwned^G"},
        {"\x1B]2;pwned\x1B\\", 0, 0, "^[]2;pwned^[\\"},
        {"\x1B]52;c;SGVsbG8=\x07", 0, 0, "^[]52;c;SGVsbG8=^G"},
        {"\x1B]8;;http://evil\x1B\\link\x1B]8;;\x1B\\", 0, 0,
         "^[]8;;http://evil^[\\link^[]8;;^[\\"},
        {"\x1B[21t\x1B[>c", 0, 0, "^[[21t^[[>c"},
        {"\xC2\x9B"
         "2J",
         0, 0, "\\u009b2J"},
        {"\xC2\x9D"
         "0;x\xC2\x9C",
         0, 0, "\\u009d0;x\\u009c"},
        {"\xC2\x90q\xC2\x9C", 0, 0, "\\u0090q\\u009c"},
        {"\xC2\x85", 0, 0, "\\u0085"},
        {"safe\rEVIL", 0, 0, "safe^MEVIL"},
        {"user\xE2\x80\xAE"
         "gnp.exe",
         0, 0, "user<RLO>gnp.exe"},
        {"\xE2\x81\xA7"
         "x\xE2\x81\xA9",
         0, 0, "<RLI>x<PDI>"},
    };
    run_cases(cases, sizeof cases / sizeof *cases);
}

static void test_emoji_and_scripts(void **state)
{
    (void)state;
    static const struct Case cases[] = {
        {WOMAN ZWJ LAPTOP, 0, 0, WOMAN ZWJ LAPTOP},
        {WHITE_FLAG VS16 ZWJ RAINBOW, 0, 0, WHITE_FLAG VS16 ZWJ RAINBOW},
        {THUMBS TONE3, 0, 0, THUMBS TONE3},
        {TONE3, 0, 0, TONE3},
        {FLAG_FR, 0, 0, FLAG_FR},
        {SCOTLAND, 0, 0, SCOTLAND},
        {"\xE2\x98\xBA\xEF\xB8\x8E", 0, 0, "\xE2\x98\xBA\xEF\xB8\x8E"}, /* ☺ VS15 */
        {"\xE2\x98\xBA" VS16, 0, 0, "\xE2\x98\xBA" VS16},
        {"\xE2\x9D\xA4" VS16 ZWJ "\xF0\x9F\x94\xA5", 0, 0,
         "\xE2\x9D\xA4" VS16 ZWJ "\xF0\x9F\x94\xA5"}, /* ❤️‍🔥 */
        {"\xF0\x9F\xA7\x91\xF0\x9F\x8F\xBD" ZWJ LAPTOP, 0, 0,
         "\xF0\x9F\xA7\x91\xF0\x9F\x8F\xBD" ZWJ LAPTOP},          /* 🧑🏽‍💻 */
        {"1" VS16 "\xE2\x83\xA3", 0, 0, "1" VS16 "\xE2\x83\xA3"}, /* keycap */
        {"#" VS16 "\xE2\x83\xA3", 0, 0, "#" VS16 "\xE2\x83\xA3"},
        {WOMAN VS16 VS16, 0, 0, WOMAN VS16 "<VS16>"},
        {"a" ZWJ "b", 0, 0, "a<ZWJ>b"},
        {WOMAN ZWJ "a", 0, 0, WOMAN "<ZWJ>a"},
        {WOMAN ZWJ, 0, 0, WOMAN "<ZWJ>"},
        {ZWJ LAPTOP, 0, 0, "<ZWJ>" LAPTOP},
        {WOMAN ZWJ ZWJ LAPTOP, 0, 0, WOMAN "<ZWJ><ZWJ>" LAPTOP},
        {WOMAN ZWJ "\xF0\x9F\xAB\xBF", 0, 0, WOMAN "<ZWJ>\\U0001faff"},
        {BLACK_FLAG TAG("\xA7") TAG("\xA2"), 0, 0, BLACK_FLAG "\\U000e0067\\U000e0062"},
        {BLACK_FLAG TAG("\xBF"), 0, 0, BLACK_FLAG "\\U000e007f"},
        {"a" TAG("\xA7") TAG("\xBF"), 0, 0, "a\\U000e0067\\U000e007f"},
        {"\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82", 0, 0,
         "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"}, /* Привет */
        {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7", 0, 0,
         "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"}, /* مرحبا */
        {"\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE", 0, 0,
         "\xD9\x85\xDB\x8C<ZWNJ>\xD8\xAE"}, /* Persian with ZWNJ */
        {HAN ZI, 0, 0, HAN ZI},
        {"\xED\x95\x9C", 0, 0, "\xED\x95\x9C"}, /* 한 */
        {"\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB", 0, 0,
         "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"}, /* jamo */
        {"e" ACUTE, 0, 0, "e" ACUTE},
        {"e" ACUTE ACUTE ACUTE ACUTE, 0, 0, "e" ACUTE ACUTE ACUTE ACUTE},
        {"e" ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE "x" ACUTE ACUTE ACUTE ACUTE ACUTE, 0, 0,
         "e" ACUTE ACUTE ACUTE ACUTE ELL "x" ACUTE ACUTE ACUTE ACUTE ELL},
        {ACUTE "e", 0, 0, "\\u0301e"},
        {"\x1B" ACUTE, 0, 0, "^[\\u0301"},
        {"a\n" ACUTE, 0, TEXT_KEEP_NEWLINES, "a\n\\u0301"},
        {"\xEE\x80\x80", 0, 0, "\xEE\x80\x80"}, /* private use passes */
    };
    run_cases(cases, sizeof cases / sizeof *cases);
}

static void test_hostile_bulk(void **state)
{
    (void)state;
    struct StrBuf in, want;
    char *out;

    sb_init(&in);
    sb_init(&want);
    for (int i = 0; i < 1000; i++) {
        sb_putc(&in, '\a');
        sb_append(&want, "^G");
    }
    out = safe_checked(in.s, in.len, 0);
    assert_string_equal(out, want.s);
    free(out);

    sb_clear(&in);
    sb_putc(&in, 'Z');
    for (int i = 0; i < 200; i++)
        sb_append(&in, "\xCD\x8A"); /* U+034A */
    out = safe_checked(in.s, in.len, 0);
    assert_string_equal(out, "Z\xCD\x8A\xCD\x8A\xCD\x8A\xCD\x8A" ELL);
    assert_int_equal(text_width(out), 2);
    free(out);

    /* mixed hostile soup, repeated */
    sb_clear(&in);
    for (int i = 0; i < 300; i++)
        sb_append(&in, "\x1B]52;c;AAAA\x07\xE2\x80\xAE" WOMAN ZWJ LAPTOP "\r\xC2\x9B\xE9 x\t");
    out = safe_checked(in.s, in.len, 0);
    free(out);
    out = safe_checked(in.s, in.len, TEXT_KEEP_NEWLINES);
    free(out);
    sb_free(&in);
    sb_free(&want);
}

static void test_length_bound(void **state)
{
    (void)state;
    size_t big = 1024 * 1024;
    char *in = xmalloc(big + 1), *out;

    memset(in, 'a', big);
    in[big] = '\0';
    out = safe_checked(in, (size_t)-1, 0);
    assert_int_equal(strlen(out), TEXT_MAX_BYTES + strlen(ELL));
    assert_string_equal(out + TEXT_MAX_BYTES, ELL);
    free(out);
    out = safe_checked(in, big, 0);
    assert_int_equal(strlen(out), TEXT_MAX_BYTES + strlen(ELL));
    free(out);

    /* exactly at the bound: no marker */
    out = safe_checked(in, TEXT_MAX_BYTES, 0);
    assert_int_equal(strlen(out), TEXT_MAX_BYTES);
    free(out);

    /* a two-byte character straddling the bound is not split */
    memcpy(in + TEXT_MAX_BYTES - 1, "\xC3\xA9", 2);
    out = safe_checked(in, big, 0);
    assert_int_equal(strlen(out), TEXT_MAX_BYTES - 1 + strlen(ELL));
    assert_string_equal(out + TEXT_MAX_BYTES - 1, ELL);
    free(out);

    /* a four-byte emoji straddling the bound */
    memset(in, 'a', big);
    memcpy(in + TEXT_MAX_BYTES - 2, LAPTOP, 4);
    out = safe_checked(in, big, 0);
    assert_int_equal(strlen(out), TEXT_MAX_BYTES - 2 + strlen(ELL));
    free(out);

    /* a 1 MB hostile message */
    for (size_t i = 0; i + 4 <= big; i += 4)
        memcpy(in + i, i % 8 ? "\x1B\xE2\x80\xAE" : "\xCC\x81\xC2\x9B", 4);
    out = safe_checked(in, big, TEXT_KEEP_NEWLINES);
    free(out);
    free(in);
}

/* --- pieces ------------------------------------------------------------------------------- */

struct Pieces {
    struct StrBuf all, tokens;
    int n;
};

static void collect(void *ud, const char *s, size_t n, bool token)
{
    struct Pieces *p = ud;
    assert_true(n > 0);
    sb_appendn(&p->all, s, n);
    if (token) {
        sb_putc(&p->tokens, '[');
        sb_appendn(&p->tokens, s, n);
        sb_putc(&p->tokens, ']');
    } else {
        sb_appendn(&p->tokens, s, n);
    }
    p->n++;
}

static void test_pieces(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int flags;
        const char *marked;
    } cases[] = {
        {"a\x1B[b\xE2\x80\xAE"
         "c",
         0, "a[^[][b[<RLO>]c"},
        {"plain text", 0, "plain text"},
        {"x\xE9y", 0, "x[" FFFD "]y"},
        {"a\nb\tc", 0, "a[" NLG "]b[" TABG "]c"},
        {"a\nb\tc", TEXT_KEEP_NEWLINES, "a\nb   c"},
        {"\xC2\x9B", 0, "[\\u009b]"},
        {WOMAN ZWJ LAPTOP, 0, WOMAN ZWJ LAPTOP},
        {"e" ACUTE ACUTE ACUTE ACUTE ACUTE, 0, "e" ACUTE ACUTE ACUTE ACUTE "[" ELL "]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct Pieces p = {.n = 0};
        sb_init(&p.all);
        sb_init(&p.tokens);
        text_safe_each(cases[i].in, (size_t)-1, cases[i].flags, collect, &p);
        char *whole = text_safe(cases[i].in, (size_t)-1, cases[i].flags);
        assert_string_equal(p.all.s, whole);
        assert_string_equal(p.tokens.s, cases[i].marked);
        free(whole);
        sb_free(&p.all);
        sb_free(&p.tokens);
    }
    /* a plain run is one piece, not one per character */
    struct Pieces p = {.n = 0};
    sb_init(&p.all);
    sb_init(&p.tokens);
    text_safe_each("hello, world \xD0\x9F\xD1\x80", (size_t)-1, 0, collect, &p);
    assert_int_equal(p.n, 1);
    text_safe_each(NULL, 0, 0, collect, &p);
    assert_int_equal(p.n, 1);
    sb_free(&p.all);
    sb_free(&p.tokens);
}

/* --- ASCII mode --------------------------------------------------------------------------- */

static int ascii_setup(void **state)
{
    (void)state;
    text_set_utf8(false);
    return 0;
}

static int ascii_teardown(void **state)
{
    (void)state;
    text_set_utf8(true);
    return 0;
}

static void test_ascii_mode(void **state)
{
    (void)state;
    static const struct Case cases[] = {
        {"plain", 0, 0, "plain"},
        {"caf\xC3\xA9", 0, 0, "caf?"},
        {"caf\xE9", 0, 0, "caf?"},
        {"\n", 0, 0, "^J"},
        {"\t", 0, 0, "^I"},
        {"a\nb", 0, TEXT_KEEP_NEWLINES, "a\nb"},
        {"a\tb", 0, TEXT_KEEP_NEWLINES, "a   b"},
        {"\r\x1B[2J\x7F", 0, 0, "^M^[[2J^?"},
        {"\xD0\x9F\xD1\x80\xD0\xB8", 0, 0, "???"},
        {"\xD9\x85\xD8\xB1", 0, 0, "??"},
        {HAN ZI, 0, 0, "??"},
        {WOMAN ZWJ LAPTOP, 0, 0, "?"},
        {WHITE_FLAG VS16 ZWJ RAINBOW, 0, 0, "?"},
        {THUMBS TONE3, 0, 0, "?"},
        {TONE3, 0, 0, "?"},
        {SCOTLAND, 0, 0, "?"},
        {FLAG_FR, 0, 0, "??"},
        {"1" VS16 "\xE2\x83\xA3", 0, 0, "1?"},
        {"e" ACUTE ACUTE ACUTE ACUTE ACUTE ACUTE, 0, 0, "e????~"},
        {"\xE2\x80\xAE"
         "x",
         0, 0, "<RLO>x"},
        {"a" ZWJ "b", 0, 0, "a<ZWJ>b"},
        {"\xC2\x9B", 0, 0, "\\u009b"},
        {"\xEF\xBB\xBF", 0, 0, "<BOM>"},
        {"a\xEF\xB8\x8F", 0, 0, "a<VS16>"},
        {ACUTE, 0, 0, "\\u0301"},
        {"\xF4\x90\x80\x80", 0, 0, "????"},
        /* typographic characters and line drawing read as look-alikes, not "?" */
        {"\xE2\x80\xA6"
         "1234",
         0, 0, "...1234"},
        {"a \xE2\x94\x82 b \xE2\x94\x80", 0, 0, "a | b -"},
        {"x \xC2\xB7 y \xE2\x80\x93 z \xE2\x80\x94", 0, 0, "x . y - z -"},
        {"\xC2\xAB"
         "q"
         "\xC2\xBB",
         0, 0, "<<q>>"},
    };
    assert_false(text_is_utf8());
    run_cases(cases, sizeof cases / sizeof *cases);

    size_t big = 100000;
    char *in = xmalloc(big + 1);
    memset(in, 'x', big);
    in[big] = '\0';
    char *out = safe_checked(in, big, 0);
    assert_int_equal(strlen(out), TEXT_MAX_BYTES + 1);
    assert_int_equal(out[TEXT_MAX_BYTES], '~');
    free(out);
    free(in);

    out = text_pad("abcdef", 4, false);
    assert_string_equal(out, "abc~");
    free(out);
    out = text_pad("ab", 4, true);
    assert_string_equal(out, "  ab");
    free(out);
}

/* --- width, fit, pad ---------------------------------------------------------------------- */

static void test_width(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int w;
    } cases[] = {
        {"", 0},
        {"abc", 3},
        {HAN ZI, 4},
        {"e" ACUTE, 1},
        {WOMAN ZWJ LAPTOP, 2},
        {SCISSORS, 1},
        {SCISSORS VS16, 2},
        {SCISSORS VS16 "x", 3},
        {FAMILY, 2},
        {WHITE_FLAG VS16 ZWJ RAINBOW, 2},
        {HEART VS16, 2},
        {THUMBS TONE3 ZWJ LAPTOP, 4},
        {THUMBS TONE3, 4},
        {FLAG_FR, 2},
        {SCOTLAND, 2},
        {"ab\ncdef\ng", 4},
        {"\n\n", 0},
        {"x" ELL, 2},
        {"\xE9", 1}, /* not text_safe() output: counted, never negative */
        {"\x1B", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(text_width(cases[i].s), cases[i].w);
}

static void test_fit(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int cols;
        size_t bytes;
        int used;
    } cases[] = {
        {"abc", 2, 2, 2},
        {"abc", 3, 3, 3},
        {"abc", 10, 3, 3},
        {"abc", 0, 0, 0},
        {"abc", -3, 0, 0},
        {HAN ZI, 3, 3, 2}, /* the wide character at the edge is left out */
        {HAN ZI, 1, 0, 0},
        {"a" HAN, 2, 1, 1},
        {"e" ACUTE "x", 1, 3, 1}, /* a mark stays with its base */
        {"e" ACUTE ACUTE "x", 2, 6, 2},
        {WOMAN ZWJ LAPTOP "x", 1, 0, 0}, /* a ZWJ sequence is never split */
        {WOMAN ZWJ LAPTOP "x", 2, 11, 2},
        {WOMAN ZWJ LAPTOP "x", 3, 12, 3},
        {THUMBS TONE3, 2, 0, 0},
        {THUMBS TONE3, 4, 8, 4},
        {FLAG_FR FLAG_FR, 3, 8, 2},
        {FLAG_FR, 1, 0, 0},
        {SCOTLAND "x", 2, strlen(SCOTLAND), 2},
        {"1" VS16 "\xE2\x83\xA3"
         "2",
         1, 0, 0}, /* a keycap emoji is wide */
        {"1" VS16 "\xE2\x83\xA3"
         "2",
         2, 7, 2},
        {SCISSORS VS16 "x", 1, 0, 0},
        {SCISSORS VS16 "x", 2, 6, 2},
        {"ab\ncd", 10, 2, 2},
        {"", 5, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int used = -1;
        size_t n = text_fit(cases[i].s, cases[i].cols, &used);
        if (n != cases[i].bytes || used != cases[i].used) {
            fprintf(stderr, "fit case %zu: want %zu/%d got %zu/%d\n", i, cases[i].bytes,
                    cases[i].used, n, used);
            fail();
        }
    }
    assert_int_equal(text_fit(NULL, 5, NULL), 0);
    assert_int_equal(text_fit("abc", 2, NULL), 2);
}

/* The clipper works on display cells: what it returns plus the marker is exactly cols, and a
 * wide character that would take the marker's cell is left out (the caller draws a space). */
static void test_clip(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int cols;
        size_t bytes;
        int used;
        bool clipped;
    } cases[] = {
        {"abc", 3, 3, 3, false},
        {"abcd", 3, 2, 2, true},
        {HAN ZI, 4, 6, 4, false},
        {HAN ZI "x", 4, 3, 2, true}, /* ZI would straddle the marker's cell */
        {HAN ZI "xy", 5, 6, 4, true},
        {"a" HAN ZI, 4, 4, 3, true},
        {"a" HAN ZI, 3, 1, 1, true},
        {HAN, 1, 0, 0, true},
        {SCISSORS VS16 "xy", 3, 6, 2, true},
        {SCISSORS VS16 "xy", 2, 0, 0, true}, /* ✂️ is wide: no room beside the marker */
        {FAMILY "x", 3, strlen(FAMILY) + 1, 3, false},
        {FAMILY "xy", 3, strlen(FAMILY), 2, true},
        {"", 0, 0, 0, false},
        {"abc", 0, 0, 0, false},
        {NULL, 3, 0, 0, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int used = -1;
        bool clipped = !cases[i].clipped;
        size_t n = text_clip(cases[i].s, cases[i].cols, &used, &clipped);
        if (n != cases[i].bytes || used != cases[i].used || clipped != cases[i].clipped) {
            fprintf(stderr, "clip case %zu: want %zu/%d/%d got %zu/%d/%d\n", i, cases[i].bytes,
                    cases[i].used, cases[i].clipped, n, used, clipped);
            fail();
        }
        if (clipped)
            assert_true(used <= cases[i].cols - 1);
    }
    /* Japanese and Chinese names at every width: text, padding and marker fill it exactly. */
    static const char *const names[] = {"\xE5\xB1\xB1\xE7\x94\xB0\xE8\x8A\xB1\xE5\xAD\x90 (Hanako)",
                                        "\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E"
                                        "a" HAN ZI HAN};
    for (size_t k = 0; k < 2; k++)
        for (int cols = 1; cols < 20; cols++) {
            int used;
            bool clipped;
            size_t n = text_clip(names[k], cols, &used, &clipped);
            char *head = xstrndup(names[k], n);
            assert_int_equal(text_width(head), used);
            assert_true(used + (clipped ? 1 : 0) <= cols);
            if (clipped) /* all but the half of a cut wide character */
                assert_true(used + 1 >= cols - 1);
            free(head);
        }
}

static void test_pad(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int cols;
        bool right;
        const char *want;
    } cases[] = {
        {"abc", 5, false, "abc  "},
        {"abc", 5, true, "  abc"},
        {"abc", 3, false, "abc"},
        {"abcdef", 4, false, "abc" ELL},
        {"abcdef", 4, true, "abc" ELL},
        {"abcdef", 1, false, ELL},
        {HAN ZI, 4, false, HAN ZI},
        {HAN ZI, 3, false, HAN ELL},
        {HAN ZI "x", 4, false, HAN " " ELL}, /* a wide character cut: a space, then the marker */
        {HAN ZI "x", 4, true, " " HAN ELL},
        {"a" HAN ZI, 3, false, "a " ELL},
        {HAN, 1, false, ELL},
        {HAN, 2, false, HAN},
        {HAN, 3, true, " " HAN},
        {WOMAN ZWJ LAPTOP "!", 4, false, WOMAN ZWJ LAPTOP "! "},
        {WOMAN ZWJ LAPTOP "!", 2, false, " " ELL},
        {WOMAN ZWJ LAPTOP "!!", 3, false, WOMAN ZWJ LAPTOP ELL},
        {WOMAN ZWJ LAPTOP, 2, false, WOMAN ZWJ LAPTOP},
        {"e" ACUTE "e" ACUTE "e" ACUTE, 2, false, "e" ACUTE ELL},
        {"ab\ncd", 5, false, "ab  " ELL},
        {"", 3, false, "   "},
        {NULL, 2, false, "  "},
        {"abc", 0, false, ""},
        {"abc", -1, true, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = text_pad(cases[i].s, cases[i].cols, cases[i].right);
        if (strcmp(out, cases[i].want) != 0) {
            fprintf(stderr, "pad case %zu: want \"%s\" got \"%s\"\n", i, cases[i].want, out);
            fail();
        }
        int cols = cases[i].cols > 0 ? cases[i].cols : 0;
        assert_int_equal(text_width(out), cols);
        assert_int_equal(term_lines_width(out), cols);
        free(out);
    }
    /* every width from 0 to 12 over a mixed string */
    const char *mixed = "a" HAN "e" ACUTE WOMAN ZWJ LAPTOP FLAG_FR "z" THUMBS TONE3;
    for (int cols = 0; cols <= 16; cols++) {
        for (int right = 0; right < 2; right++) {
            char *out = text_pad(mixed, cols, right);
            check_invariants(out, 0);
            assert_int_equal(text_width(out), cols);
            free(out);
        }
    }
}

/* --- wrap --------------------------------------------------------------------------------- */

/* Checks the general properties: lines in order, widths right, within cols unless the line is
 * one cluster, and no visible byte lost (only spaces and '\n' may fall between lines). */
static void check_wrap(const char *s, int cols, const struct TextSpan *v, size_t n)
{
    size_t prev_end = 0;
    struct StrBuf got, want;

    sb_init(&got);
    sb_init(&want);
    for (size_t i = 0; i < n; i++) {
        char *line = xstrndup(s + v[i].off, v[i].len);
        assert_true(v[i].off >= prev_end);
        for (size_t k = prev_end; k < v[i].off; k++)
            assert_true(s[k] == ' ' || s[k] == '\n');
        assert_null(strchr(line, '\n'));
        assert_int_equal(v[i].width, text_width(line));
        if (v[i].width > cols)
            assert_int_equal(text_fit(line, v[i].width - 1, NULL), 0);
        for (char *c = line; *c; c++)
            if (*c != ' ')
                sb_putc(&got, *c);
        prev_end = v[i].off + v[i].len;
        free(line);
    }
    for (size_t k = prev_end; s[k]; k++)
        assert_true(s[k] == ' ' || s[k] == '\n');
    for (const char *c = s; *c; c++)
        if (*c != ' ' && *c != '\n')
            sb_putc(&want, *c);
    assert_string_equal(got.s, want.s);
    sb_free(&got);
    sb_free(&want);
}

static void test_wrap(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int cols;
        const char *want; /* lines joined with '|' */
    } cases[] = {
        {"", 10, ""},
        {"hello world", 5, "hello|world"},
        {"hello world", 11, "hello world"},
        {"hello world", 20, "hello world"},
        {"hello world again", 11, "hello world|again"},
        {"a b c", 1, "a|b|c"},
        {"hello   world", 7, "hello|world"},
        {"  indented text", 10, "  indented|text"},
        {"abc\ndef", 10, "abc|def"},
        {"abc\n\ndef", 10, "abc||def"},
        {"abc\n", 10, "abc|"},
        {"\n", 10, "|"},
        {"abc \ndef", 3, "abc|def"},
        {"abc ", 3, "abc"},
        {"abc def", 3, "abc|def"},
        {"abcdefghij", 4, "abcd|efgh|ij"},
        {"see https://example.com/a/very/long/path ok", 10,
         "see|https://ex|ample.com/|a/very/lon|g/path ok"},
        {"      ", 2, "  |  |  "},
        {"abc", 0, "a|b|c"},
        {"\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBC\xD0\xB8\xD1\x80", 6,
         "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82|\xD0\xBC\xD0\xB8\xD1\x80"},
        {"\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD9\x83", 5,
         "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7|\xD8\xA8\xD9\x83"},
        {HAN ZI HAN ZI, 3, HAN "|" ZI "|" HAN "|" ZI},
        {HAN ZI HAN ZI, 4, HAN ZI "|" HAN ZI},
        {HAN, 1, HAN},
        {HAN "\nx", 1, HAN "|x"},
        {WOMAN ZWJ LAPTOP WOMAN ZWJ LAPTOP, 2, WOMAN ZWJ LAPTOP "|" WOMAN ZWJ LAPTOP},
        {WOMAN ZWJ LAPTOP WOMAN ZWJ LAPTOP, 4, WOMAN ZWJ LAPTOP WOMAN ZWJ LAPTOP},
        {WOMAN ZWJ LAPTOP WOMAN ZWJ LAPTOP, 3, WOMAN ZWJ LAPTOP "|" WOMAN ZWJ LAPTOP},
        {"ok " THUMBS TONE3 " yes", 5, "ok|" THUMBS TONE3 "|yes"},
        {FLAG_FR FLAG_FR FLAG_FR, 5, FLAG_FR FLAG_FR "|" FLAG_FR},
        {"e" ACUTE "e" ACUTE "e" ACUTE, 2, "e" ACUTE "e" ACUTE "|e" ACUTE},
        {"a   b c", 5, "a   b|c"}, /* tab expanded by text_safe in multi-line mode */
        /* fuzz regression: a space run that ends in a space carrying a mark */
        {"a b  "
         " " ACUTE "cdefghij",
         8, "a b| " ACUTE "cdefghi|j"},
        {"ab  "
         " " ACUTE "cdefgh",
         6, "ab| " ACUTE "cdefg|h"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct TextSpan *v = NULL;
        size_t n = text_wrap(cases[i].s, cases[i].cols, &v);
        struct StrBuf got;
        sb_init(&got);
        for (size_t k = 0; k < n; k++) {
            if (k)
                sb_putc(&got, '|');
            sb_appendn(&got, cases[i].s + v[k].off, v[k].len);
        }
        if (strcmp(got.s, cases[i].want) != 0) {
            fprintf(stderr, "wrap case %zu: want \"%s\" got \"%s\"\n", i, cases[i].want, got.s);
            fail();
        }
        check_wrap(cases[i].s, cases[i].cols < 1 ? 1 : cases[i].cols, v, n);
        sb_free(&got);
        free(v);
    }

    struct TextSpan *v = (struct TextSpan *)&v;
    assert_int_equal(text_wrap(NULL, 10, &v), 0);
    assert_null(v);

    /* a tab in a multi-line pane, then wrapped */
    char *safe = text_safe("a\tb c", (size_t)-1, TEXT_KEEP_NEWLINES);
    assert_string_equal(safe, "a   b c");
    free(safe);

    /* a hostile message, made safe, wrapped at every width */
    safe = text_safe("Hi \x1B[2J there\n\xE2\x80\xAE"
                     "evil\xE2\x80\xAC " WOMAN ZWJ LAPTOP
                     " \tlonglonglonglongword e\xCC\x81\xCC\x81 " HAN ZI FLAG_FR "\r\n",
                     (size_t)-1, TEXT_KEEP_NEWLINES);
    for (int cols = 1; cols <= 40; cols++) {
        size_t n = text_wrap(safe, cols, &v);
        check_wrap(safe, cols, v, n);
        free(v);
    }
    free(safe);
}

/* --- randomised and timing ---------------------------------------------------------------- */

static void test_random_soup(void **state)
{
    (void)state;
    static const char *const atoms[] = {
        "a",
        " ",
        "\n",
        "\t",
        "\r",
        "\x1B",
        "\x7F",
        "\x00",
        "\xC2\x9B",
        "\x9B",
        "\xE9",
        "\xC0\xAF",
        "\xED\xA0\x80",
        "\xF4\x90\x80\x80",
        "\xF0\x9F",
        ACUTE,
        ZWJ,
        VS16,
        "\xEF\xB8\x8E",
        "\xE2\x80\xAE",
        "\xE2\x81\xA6",
        "\xE2\x80\x8B",
        "\xEF\xBB\xBF",
        WOMAN,
        LAPTOP,
        TONE3,
        "\xF0\x9F\x87\xAB",
        BLACK_FLAG,
        TAG("\xA7"),
        TAG("\xBF"),
        HAN,
        "\xD0\x9F",
        "\xD9\x85",
        "1",
        "#",
        "\xE2\x9D\xA4",
        "\xC2\xAD",
        "\xF3\xA0\x84\x80",
        "\xE1\x85\xA0",
    };
    size_t natoms = sizeof atoms / sizeof *atoms;
    unsigned seed = 12345;
    struct StrBuf in;

    sb_init(&in);
    for (int round = 0; round < 3000; round++) {
        sb_clear(&in);
        int len = (int)(seed % 24);
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *a = atoms[(seed >> 8) % natoms];
            sb_appendn(&in, a, a[0] ? strlen(a) : 1);
        }
        seed = seed * 1103515245u + 12345u;
        for (int flags = 0; flags <= TEXT_KEEP_NEWLINES; flags++) {
            char *out = safe_checked(in.s, in.len, flags);
            int cols = (int)(seed % 9);
            char *pad = text_pad(out, cols, flags);
            check_invariants(pad, 0);
            assert_int_equal(text_width(pad), cols);
            struct TextSpan *v;
            size_t n = text_wrap(out, cols, &v);
            check_wrap(out, cols < 1 ? 1 : cols, v, n);
            free(v);
            free(pad);
            free(out);
        }
    }
    sb_free(&in);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void test_speed_64k(void **state)
{
    (void)state;
    struct StrBuf in;
    const int rounds = 20;

    sb_init(&in);
    while (in.len < TEXT_MAX_BYTES - 64)
        sb_append(&in, "Hello \xD0\x9F\xD1\x80\xD0\xB8 \xD9\x85\xD8\xB1 " WOMAN ZWJ LAPTOP
                       " booking #42 at 10:30\n");
    double t0 = now_ms();
    for (int i = 0; i < rounds; i++) {
        char *out = text_safe(in.s, in.len, TEXT_KEEP_NEWLINES);
        free(out);
    }
    double per = (now_ms() - t0) / rounds;
    print_message("text_safe 64 KB: %.3f ms\n", per);
    assert_true(per < 20.0); /* generous: sanitizer builds and busy machines */
    sb_free(&in);
}

int main(void)
{
    if (!setlocale(LC_ALL, "C.UTF-8")) {
        fprintf(stderr, "test_text: locale C.UTF-8 is missing\n");
        return 1;
    }
    text_init();
    if (!text_is_utf8())
        return 1;

    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_null_and_empty),
        cmocka_unit_test(test_boundary_code_points),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_controls),
        cmocka_unit_test(test_emoji_and_scripts),
        cmocka_unit_test(test_hostile_bulk),
        cmocka_unit_test(test_length_bound),
        cmocka_unit_test(test_pieces),
        cmocka_unit_test_setup_teardown(test_ascii_mode, ascii_setup, ascii_teardown),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_clip),
        cmocka_unit_test(test_pad),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_random_soup),
        cmocka_unit_test(test_speed_64k),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
