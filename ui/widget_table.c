#include "config.h"

#include "ui/widget_table.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/text.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"

#define SAMPLE_ROWS 400

static int safe_width(const char *raw)
{
    if (!raw)
        return 0;
    char *s = text_safe(raw, (size_t)-1, 0);
    int w = text_width(s);
    free(s);
    return w;
}

/* Natural widths from the header and a sample of rows, then shrunk to fit. */
static void layout(const struct TableData *td, const struct TableCol *cols, const int *idx,
                   int ncols, int width, int *out)
{
    int total = 0;
    for (int c = 0; c < ncols; c++) {
        int w = safe_width(cols[c].title);
        for (int i = 0; i < td->nvisible && i < SAMPLE_ROWS; i++) {
            char *shown = db_rows_display(td->rows, td->visible[i], idx[c]);
            int cw = safe_width(shown);
            free(shown);
            if (cw > w)
                w = cw;
        }
        if (cols[c].max && w > cols[c].max)
            w = cols[c].max;
        if (w < cols[c].min)
            w = cols[c].min;
        out[c] = w;
        total += w + (c ? 1 : 0);
    }
    /* Columns are listed by importance: the rightmost give up their room first, down to their
     * minimum; then the widest shrink, never below 3 columns each. */
    for (int c = ncols - 1; c > 0 && total > width; c--) {
        int give = out[c] - cols[c].min;
        if (give > total - width)
            give = total - width;
        if (give > 0) {
            out[c] -= give;
            total -= give;
        }
    }
    /* Still too wide: leave out whole columns from the right, so what is shown stays readable,
     * before squeezing anything further. The first column and free-text columns (no maximum,
     * such as a query) are never left out. */
    for (int c = ncols - 1; c > 0 && total > width; c--) {
        if (cols[c].max == 0)
            continue;
        total -= out[c] + 1;
        out[c] = 0;
    }
    while (total > width) {
        int widest = -1;
        for (int c = 0; c < ncols; c++)
            if (out[c] > 3 && (widest < 0 || out[c] > out[widest]))
                widest = c;
        if (widest < 0)
            break;
        out[widest]--;
        total--;
    }
    /* The last column shown takes what is left (long text such as queries). */
    int last = ncols - 1;
    while (last > 0 && out[last] == 0)
        last--;
    if (total < width && last >= 0 && !cols[last].right)
        out[last] += width - total;
}

void table_fit(struct TableView *tv, int nvisible, int body)
{
    if (tv->cursor >= nvisible)
        tv->cursor = nvisible - 1;
    if (tv->cursor < 0)
        tv->cursor = 0;
    if (tv->top > tv->cursor)
        tv->top = tv->cursor;
    if (body > 0 && tv->cursor >= tv->top + body)
        tv->top = tv->cursor - body + 1;
    if (tv->top < 0)
        tv->top = 0;
}

void table_draw(WINDOW *w, int y, int x, int h, int width, const struct TableData *td,
                const struct TableCol *cols, int ncols, const struct TableView *view, bool stale,
                table_cell_attr_fn cell_attr, const void *ctx)
{
    if (h < 1 || width < 1 || !td->rows)
        return;
    int *idx = xcalloc((size_t)ncols + 1, sizeof *idx);
    int *wid = xcalloc((size_t)ncols + 1, sizeof *wid);
    for (int c = 0; c < ncols; c++)
        idx[c] = db_rows_col(td->rows, cols[c].name);
    layout(td, cols, idx, ncols, width, wid);

    attr_t head = color_attr(ROLE_LIST_HEADER);
    draw_fill(w, y, x, width, head);
    int cx = x;
    for (int c = 0; c < ncols && cx < x + width; c++) {
        if (wid[c] == 0)
            continue; /* left out for lack of room */
        int cw = wid[c] < x + width - cx ? wid[c] : x + width - cx;
        if (cols[c].right)
            draw_text_right(w, y, cx, cw, cols[c].title, head);
        else
            draw_text(w, y, cx, cw, cols[c].title, head);
        cx += cw + 1;
    }

    int body = h - 1;
    struct TableView fit = *view, *tv = &fit; /* a no-op when the caller fitted it */
    table_fit(tv, td->nvisible, body);

    attr_t normal = stale ? color_attr(ROLE_STALE) : color_attr(ROLE_NORMAL);
    for (int i = 0; i < body; i++) {
        int vis = tv->top + i;
        int row = td_visible_row(td, vis);
        int ry = y + 1 + i;
        if (row < 0) {
            draw_fill(w, ry, x, width, color_attr(ROLE_NORMAL));
            continue;
        }
        bool cur = vis == tv->cursor;
        attr_t base = cur ? color_attr(ROLE_LIST_CURSOR) : normal;
        draw_fill(w, ry, x, width, base);
        cx = x;
        for (int c = 0; c < ncols && cx < x + width; c++) {
            if (wid[c] == 0)
                continue;
            int cw = wid[c] < x + width - cx ? wid[c] : x + width - cx;
            const char *v = idx[c] >= 0 ? db_rows_get(td->rows, row, idx[c]) : NULL;
            attr_t a = base;
            if (!cur && !stale && cell_attr && v) {
                attr_t extra = cell_attr(ctx, cols[c].name, v);
                if (extra != A_NORMAL)
                    a = extra;
            }
            /* as people read it: yes/no, money to the cent (v, the server's text, colours) */
            char *shown = idx[c] >= 0 ? db_rows_display(td->rows, row, idx[c]) : NULL;
            if (!shown)
                draw_text(w, ry, cx, cw, "", a);
            else if (cols[c].right)
                draw_text_right(w, ry, cx, cw, shown, a);
            else
                draw_text(w, ry, cx, cw, shown, a);
            free(shown);
            cx += cw + 1;
        }
    }
    free(idx);
    free(wid);
}

bool table_move(struct TableView *tv, enum Action a, int nvisible, int page)
{
    int last = nvisible > 0 ? nvisible - 1 : 0;
    if (page < 1)
        page = 1;
    switch (a) {
    case ACT_UP:
        tv->cursor--;
        break;
    case ACT_DOWN:
        tv->cursor++;
        break;
    case ACT_PAGE_UP:
        tv->cursor -= page;
        tv->top -= page;
        break;
    case ACT_PAGE_DOWN:
        tv->cursor += page;
        tv->top += page;
        break;
    case ACT_TOP:
        tv->cursor = 0;
        break;
    case ACT_BOTTOM:
        tv->cursor = last;
        break;
    default:
        return false;
    }
    if (tv->cursor < 0)
        tv->cursor = 0;
    if (tv->cursor > last)
        tv->cursor = last;
    if (tv->top > last)
        tv->top = last;
    if (tv->top < 0)
        tv->top = 0;
    return true;
}
