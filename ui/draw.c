#include "config.h"

#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

#include "ui/color.h"

/* The safe text of one cell, with the byte ranges that are tokens. */
struct Safe {
    struct StrBuf sb;
    size_t *tok; /* pairs: start, end */
    size_t ntok, cap;
};

static void collect(void *ud, const char *s, size_t n, bool token)
{
    struct Safe *p = ud;
    if (token) {
        if (p->ntok && p->tok[2 * p->ntok - 1] == p->sb.len) {
            p->tok[2 * p->ntok - 1] += n;
        } else {
            if (p->ntok == p->cap) {
                p->cap = p->cap ? p->cap * 2 : 8;
                p->tok = xreallocarray(p->tok, p->cap, 2 * sizeof *p->tok);
            }
            p->tok[2 * p->ntok] = p->sb.len;
            p->tok[2 * p->ntok + 1] = p->sb.len + n;
            p->ntok++;
        }
    }
    sb_appendn(&p->sb, s, n);
}

static bool in_token(const struct Safe *p, size_t off)
{
    for (size_t i = 0; i < p->ntok; i++)
        if (off >= p->tok[2 * i] && off < p->tok[2 * i + 1])
            return true;
    return false;
}

/* Draws one cluster of safe text in exactly cols cells (its text_width()), so that ncurses,
 * which counts wcwidth() code point by code point, and the terminal agree on where the next
 * cell is. Where they would not: VS16 on a narrow base is left out and a space pads the base
 * (text presentation, one cell everywhere); a ZWJ sequence goes into one ncurses cell when it
 * fits (CCHARW_MAX code points, drawn by the terminal as one glyph), else its first member is
 * drawn, padded to its cells. */
static void put_cluster(WINDOW *w, const char *s, size_t n, int cols, attr_t attr)
{
    wchar_t wc[64];
    size_t nw = 0;
    int ncw = 0;
    bool zwj = false;
    mbstate_t ms;
    memset(&ms, 0, sizeof ms);
    for (size_t i = 0; i < n && nw < sizeof wc / sizeof *wc;) {
        wchar_t c;
        size_t k = mbrtowc(&c, s + i, n - i, &ms);
        if (k == 0 || k > n - i)
            break;
        i += k;
        wc[nw++] = c;
        int cw = wcwidth(c);
        ncw += cw > 0 ? cw : 0;
        zwj = zwj || c == 0x200D;
    }
    if (!text_is_utf8() || ncw == cols) {
        waddnstr(w, s, (int)n);
        return;
    }
    int drawn = 0;
    if (zwj && nw <= CCHARW_MAX && wcwidth(wc[0]) == cols) {
        cchar_t cc;
        wchar_t first[2] = {wc[0], 0};
        setcchar(&cc, first, attr, (short)PAIR_NUMBER((int)attr), NULL);
        for (size_t i = 1; i < nw; i++)
            cc.chars[i] = wc[i]; /* setcchar() stops at a spacing character */
        wadd_wch(w, &cc);
        drawn = cols;
    } else {
        wchar_t out[64];
        size_t no = 0;
        for (size_t i = 0; i < nw && wc[i] != 0x200D; i++) {
            if (wc[i] == 0xFE0F)
                continue;
            int cw = wcwidth(wc[i]);
            if (drawn + (cw > 0 ? cw : 0) > cols)
                break;
            drawn += cw > 0 ? cw : 0;
            out[no++] = wc[i];
        }
        if (no)
            waddnwstr(w, out, (int)no);
    }
    for (; drawn < cols; drawn++)
        waddch(w, ' ');
}

int draw_text(WINDOW *w, int y, int x, int width, const char *raw, attr_t attr)
{
    if (width <= 0)
        return 0;
    struct Safe p = {0};
    sb_init(&p.sb);
    if (raw)
        text_safe_each(raw, (size_t)-1, 0, collect, &p);
    int used;
    bool clipped;
    size_t fit = text_clip(p.sb.s, width, &used, &clipped);
    attr_t tok = (attr & ~(A_COLOR)) | color_attr(ROLE_ESCAPED);
    wmove(w, y, x);
    for (size_t off = 0; off < fit;) {
        int cw;
        size_t n = text_cluster(p.sb.s + off, &cw);
        if (n == 0)
            break;
        attr_t a = in_token(&p, off) ? tok : attr;
        wattrset(w, (int)a);
        put_cluster(w, p.sb.s + off, n, cw, a);
        off += n;
    }
    /* Pad, and say that there is more than fits: the marker has a cell of its own, so a wide
     * character cut at the edge leaves a space before it. */
    wattrset(w, (int)attr);
    wmove(w, y, x + used);
    for (int i = used; i < width - (clipped ? 1 : 0); i++)
        waddch(w, ' ');
    if (clipped)
        waddstr(w, text_is_utf8() ? "…" : "~");
    free(p.tok);
    free(p.sb.s);
    return used;
}

int draw_text_right(WINDOW *w, int y, int x, int width, const char *raw, attr_t attr)
{
    if (width <= 0)
        return 0;
    char *s = text_safe(raw ? raw : "", (size_t)-1, 0);
    int tw = text_width(s);
    free(s);
    int pad = tw < width ? width - tw : 0;
    draw_fill(w, y, x, pad, attr);
    return draw_text(w, y, x + pad, width - pad, raw, attr);
}

int draw_wrapped(WINDOW *w, int y, int x, int h, int width, const char *raw, attr_t attr)
{
    if (h < 1 || width < 1 || !raw)
        return 0;
    char *s = text_safe(raw, (size_t)-1, TEXT_KEEP_NEWLINES);
    struct TextSpan *spans = NULL;
    size_t n = text_wrap(s, width, &spans);
    int used = 0;
    for (size_t i = 0; i < n && used < h; i++, used++) {
        char *end = s + spans[i].off + spans[i].len;
        char save = *end;
        *end = '\0';
        /* Already safe: draw_text passes it through unchanged. */
        draw_text(w, y + used, x, width, s + spans[i].off, attr);
        *end = save;
    }
    free(spans);
    free(s);
    return used;
}

void draw_fill(WINDOW *w, int y, int x, int width, attr_t attr)
{
    if (width <= 0)
        return;
    wattrset(w, (int)attr);
    wmove(w, y, x);
    for (int i = 0; i < width; i++)
        waddch(w, ' ');
}
