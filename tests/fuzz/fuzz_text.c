/* T02 fuzz_sanitizer: libFuzzer harness for text_safe(), text_safe_each(), text_pad() and
 * text_wrap(), with the T01 invariants as asserts. See tests/fuzz/README. */
#include "config.h"

#undef NDEBUG /* the asserts are the test */

#include <assert.h>
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!setlocale(LC_ALL, "C.UTF-8"))
        abort();
    text_init();
    return 0;
}

/* Strict UTF-8 check, written apart from text.c: each sequence's value must need its length. */
static bool valid_utf8(const char *s, uint32_t *cps, size_t *ncp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0;

    while (*u) {
        static const uint32_t min[] = {0, 0x80, 0x800, 0x10000};
        int extra = *u < 0x80             ? 0
                    : (*u & 0xE0) == 0xC0 ? 1
                    : (*u & 0xF0) == 0xE0 ? 2
                    : (*u & 0xF8) == 0xF0 ? 3
                                          : -1;
        if (extra < 0)
            return false;
        uint32_t cp = extra ? *u & (0x3Fu >> extra) : *u;
        u++;
        for (int k = 0; k < extra; k++, u++) {
            if ((*u & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (*u & 0x3Fu);
        }
        if (cp < min[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        cps[n++] = cp;
    }
    *ncp = n;
    return true;
}

static bool invisible(uint32_t cp)
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

static bool allowed_in_emoji(const uint32_t *c, size_t n, size_t i)
{
    uint32_t prev = i ? c[i - 1] : 0, next = i + 1 < n ? c[i + 1] : 0;

    if (c[i] == 0x200D)
        return (emojiish(prev) || prev == 0xFE0F || prev == 0xE007F) && emojiish(next);
    if (c[i] == 0xFE0E || c[i] == 0xFE0F)
        return emojiish(prev) || (prev >= '0' && prev <= '9') || prev == '#' || prev == '*';
    if (c[i] >= 0xE0020 && c[i] <= 0xE007F) {
        size_t a = i, b = i;
        while (a > 0 && c[a - 1] >= 0xE0020 && c[a - 1] <= 0xE007E)
            a--;
        while (b < n && c[b] >= 0xE0020 && c[b] <= 0xE007E)
            b++;
        return a > 0 && c[a - 1] == 0x1F3F4 && b < n && c[b] == 0xE007F;
    }
    return false;
}

/* The widest line as text.h documents the width, apart from text.c: wcwidth() per code point,
 * but nothing for one after a ZWJ, and VS16 widens a one-column base once. */
static int wcs_width(const char *s)
{
    size_t len = strlen(s);
    wchar_t *w = xmalloc((len + 1) * sizeof *w);
    int best = 0, cur = 0, base = 0;
    bool widened = false;
    size_t n = mbstowcs(w, s, len + 1);

    assert(n != (size_t)-1);
    for (size_t i = 0; i < n; i++) {
        if (w[i] == L'\n') {
            cur = 0;
            continue;
        }
        int cw = wcwidth(w[i]);
        assert(cw >= 0);
        if (i > 0 && w[i - 1] == 0x200D) {
            cw = 0;
        } else if (w[i] == 0xFE0F) {
            cw = base == 1 && !widened ? 1 : 0;
            widened = true;
        } else if (cw > 0) {
            base = cw;
            widened = false;
        }
        cur += cw;
        if (cur > best)
            best = cur;
    }
    free(w);
    return best;
}

static void check(const char *out, bool keep_nl)
{
    size_t len = strlen(out), n = 0;
    uint32_t *cps = xmalloc((len + 1) * sizeof *cps);

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)out[i];
        assert(c >= 0x20 || (c == '\n' && keep_nl));
        assert(c != 0x7F);
        assert(text_is_utf8() || c < 0x7F);
    }
    bool ok = valid_utf8(out, cps, &n);
    assert(ok);
    for (size_t i = 0; i < n; i++)
        assert(!invisible(cps[i]) || allowed_in_emoji(cps, n, i));
    free(cps);
    assert(text_width(out) == wcs_width(out));
}

static void piece(void *ud, const char *s, size_t n, bool token)
{
    (void)token;
    assert(n > 0);
    sb_appendn(ud, s, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    /* byte 0: flags and mode; byte 1: columns for pad and wrap */
    int flags = data[0] & 1 ? TEXT_KEEP_NEWLINES : 0;
    bool keep = flags != 0;
    int cols = (int)(data[1] % 40) - 2;
    const char *s = (const char *)data + 2;
    size_t len = size - 2;

    text_set_utf8(!(data[0] & 2));
    char *out = text_safe(s, len, flags);
    check(out, keep);

    struct StrBuf sb;
    sb_init(&sb);
    text_safe_each(s, len, flags, piece, &sb);
    assert(strcmp(sb.s, out) == 0);
    sb_free(&sb);

    char *pad = text_pad(out, cols, data[0] & 4);
    check(pad, false);
    assert(text_width(pad) == (cols > 0 ? cols : 0));
    free(pad);

    int used;
    size_t fit = text_fit(out, cols, &used);
    assert(fit <= strlen(out) && used <= (cols > 0 ? cols : 0));

    struct TextSpan *v;
    size_t lines = text_wrap(out, cols, &v), prev_end = 0;
    assert(lines >= 1);
    for (size_t i = 0; i < lines; i++) {
        char *line = xstrndup(out + v[i].off, v[i].len);
        assert(v[i].off >= prev_end && v[i].off + v[i].len <= strlen(out));
        for (size_t k = prev_end; k < v[i].off; k++)
            assert(out[k] == ' ' || out[k] == '\n');
        assert(!strchr(line, '\n'));
        assert(v[i].width == text_width(line));
        assert(v[i].width <= (cols < 1 ? 1 : cols) || text_fit(line, v[i].width - 1, NULL) == 0);
        prev_end = v[i].off + v[i].len;
        free(line);
    }
    for (size_t k = prev_end; out[k]; k++)
        assert(out[k] == ' ' || out[k] == '\n');
    free(v);
    free(out);
    return 0;
}
