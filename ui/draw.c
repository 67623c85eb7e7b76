#include "config.h"

#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/text.h"

#include "ui/color.h"

struct Pen {
    WINDOW *w;
    int left; /* columns still free */
    attr_t attr;
    int used;
    bool clipped;
};

static void put_piece(void *ud, const char *s, size_t n, bool token)
{
    struct Pen *p = ud;
    if (n == 0)
        return;
    if (p->left <= 0) {
        p->clipped = true;
        return;
    }
    /* Pieces are safe UTF-8 but not NUL-terminated: copy to fit them without splitting a
     * character. Cells are short, so the stack buffer nearly always does. */
    char stackbuf[512];
    char *tmp = n < sizeof stackbuf ? stackbuf : malloc(n + 1);
    if (!tmp)
        return;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    int cols = 0;
    size_t fit = text_fit(tmp, p->left, &cols);
    if (fit > 0) {
        attr_t a = token ? (p->attr & ~(A_COLOR)) | color_attr(ROLE_ESCAPED) : p->attr;
        wattrset(p->w, (int)a);
        waddnstr(p->w, tmp, (int)fit);
        p->left -= cols;
        p->used += cols;
    }
    if (fit < n) {
        p->left = 0;
        p->clipped = true;
    }
    if (tmp != stackbuf)
        free(tmp);
}

int draw_text(WINDOW *w, int y, int x, int width, const char *raw, attr_t attr)
{
    if (width <= 0)
        return 0;
    wmove(w, y, x);
    struct Pen pen = {w, width, attr, 0, false};
    if (raw)
        text_safe_each(raw, (size_t)-1, 0, put_piece, &pen);
    wattrset(w, (int)attr);
    int rest = width - pen.used;
    if (rest > 0) {
        wmove(w, y, x + pen.used);
        for (int i = 0; i < rest; i++)
            waddch(w, ' ');
    }
    /* Say that there is more than fits. */
    if (pen.clipped && width > 1) {
        wmove(w, y, x + width - 1);
        waddstr(w, text_is_utf8() ? "…" : "~");
    }
    return pen.used;
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
