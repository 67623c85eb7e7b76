#include "config.h"

#include "ui/pane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/salon_detail.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"

#include "ui/color.h"
#include "ui/draw.h"

/* --- per-tab definitions ---------------------------------------------------------------------- */

static long sum_col(const struct TableData *td, const char *name, long *nonnull)
{
    int c = db_rows_col(td->rows, name);
    long sum = 0;
    *nonnull = 0;
    for (int r = 0; c >= 0 && r < td->rows->nrows; r++) {
        const char *v = db_rows_get(td->rows, r, c);
        if (v) {
            sum += atol(v);
            (*nonnull)++;
        }
    }
    return sum;
}

static int count_eq(const struct TableData *td, const char *name, const char *value)
{
    int c = db_rows_col(td->rows, name), n = 0;
    for (int r = 0; c >= 0 && r < td->rows->nrows; r++) {
        const char *v = db_rows_get(td->rows, r, c);
        if (v && strcmp(v, value) == 0)
            n++;
    }
    return n;
}

static void salons_summary(const struct TableData *td, char *buf, size_t size)
{
    long nb, nm, nf, no;
    long b = sum_col(td, "bookings_today", &nb), in = sum_col(td, "in_24h", &nm);
    long out = sum_col(td, "out_24h", &no), failed = sum_col(td, "failed_24h", &nf);
    int n = td->rows->nrows, active = count_eq(td, "active", "t");
    int off = snprintf(buf, size, "%d salon%s (%d active)", n, n == 1 ? "" : "s", active);
    if (off > 0 && (size_t)off < size && nb)
        off +=
            snprintf(buf + off, size - (size_t)off, " · %ld booking%s today", b, b == 1 ? "" : "s");
    if (off > 0 && (size_t)off < size && nm)
        off += snprintf(buf + off, size - (size_t)off, " · %ld message%s in 24 h", in + out,
                        in + out == 1 ? "" : "s");
    if (off > 0 && (size_t)off < size && nf && failed)
        off += snprintf(buf + off, size - (size_t)off, ", %ld failed", failed);
    if (off > 0 && (size_t)off < size && td->hide_col)
        snprintf(buf + off, size - (size_t)off, " · inactive hidden");
}

static attr_t status_attr(const void *ctx, const char *col, const char *v)
{
    (void)ctx;
    if (strcmp(col, "status") != 0 && strcmp(col, "active") != 0 && strcmp(col, "state") != 0)
        return A_NORMAL;
    if (strcmp(v, "CONFIRMED") == 0)
        return color_attr(ROLE_BOOKING_CONFIRMED);
    if (strcmp(v, "CANCELLED") == 0)
        return color_attr(ROLE_BOOKING_CANCELLED);
    if (strcmp(v, "COMPLETED") == 0)
        return color_attr(ROLE_BOOKING_COMPLETED);
    if (strcmp(v, "NO_SHOW") == 0)
        return color_attr(ROLE_BOOKING_NO_SHOW);
    if (strcmp(v, "f") == 0 || strcmp(v, "BLOCKED") == 0 || strcmp(v, "idle in transaction") == 0)
        return color_attr(ROLE_HEALTH_WARN);
    if (strcmp(v, "active") == 0)
        return color_attr(ROLE_HEALTH_OK);
    return A_NORMAL;
}

static const struct TableCol salons_cols[] = {
    {"name", "Salon", 12, 36, false},
    {"active", "Active", 6, 6, false},
    {"bookings_today", "Today", 5, 5, true},
    {"bookings_7d", "7 days", 6, 6, true},
    {"in_24h", "In 24h", 6, 6, true},
    {"out_24h", "Out 24h", 7, 7, true},
    {"failed_24h", "Failed", 6, 6, true},
    {"webhook_errors_24h", "Hook err", 8, 8, true},
    {"templates_pending", "Tpl wait", 8, 8, true},
    {"ai_cost_30d", "AI $ 30d", 8, 10, true},
    {"token", "Token", 5, 7, false}, /* "…1234", or "...1234" under LANG=C */
    {"phone_number_id", "Phone id", 8, 16, false},
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Salons: Enter opens the salon's calendar, T its threads, v every column; s sorts by the next
 * column, i hides inactive salons. */
static bool salons_action(struct Pane *p, struct App *app, enum Action a, int page);

static const struct PaneOps salons_pane = {
    .name = "salons",
    .action = salons_action,
    .ctx = KCTX_SALONS,
    .cols = salons_cols,
    .ncols = N(salons_cols),
    .summary = salons_summary,
    .cell_attr = status_attr,
};

/* Each tab's pane. */
static const struct PaneOps *const pane_ops[VIEW__COUNT] = {
#define SD_TAB_PANE(id, ctx, name, label, model, pane) [id] = &pane,
    SD_TABS(SD_TAB_PANE)
#undef SD_TAB_PANE
};

void pane_init(struct Pane *p, enum ViewId v)
{
    memset(p, 0, sizeof *p);
    p->view = v;
    p->ops = pane_ops[v];
}

void pane_done(struct Pane *p)
{
    if (p->ops->done)
        p->ops->done(p);
}

enum KeyContext pane_context(const struct Pane *p)
{
    return p->ops->ctx;
}

/* --- drawing ---------------------------------------------------------------------------------- */

/* Lines of the record view, drawn from line `top` on; each call adds one item, wrapped, of
 * which only the lines inside [top, top + h) are drawn. With no window it only counts lines, so
 * that the scroll can be bounded before anything is drawn. */
struct Sheet {
    WINDOW *w; /* NULL: count only */
    int y, h, width, top, line;
};

static void sheet_add(struct Sheet *sh, int x, int labelw, const char *label, const char *text,
                      attr_t a)
{
    int tx = label ? x + labelw + 2 : x;
    char *s = text_safe(text ? text : "(null)", (size_t)-1, TEXT_KEEP_NEWLINES);
    struct TextSpan *spans = NULL;
    size_t n = text_wrap(s, sh->width - tx - 1, &spans);
    for (size_t i = 0; sh->w && i < (n ? n : 1); i++) {
        int row = sh->line + (int)i - sh->top;
        if (row < 0 || row >= sh->h)
            continue;
        if (i == 0 && label)
            draw_text(sh->w, sh->y + row, x, labelw, label, color_attr(ROLE_LIST_HEADER));
        if (i < n) {
            char *end = s + spans[i].off + spans[i].len, save = *end;
            *end = '\0';
            draw_text(sh->w, sh->y + row, tx, sh->width - tx - 1, s + spans[i].off, a);
            *end = save;
        }
    }
    sh->line += n ? (int)n : 1;
    free(spans);
    free(s);
}

/* The salon's templates, webhook errors (payload as the server pretty-printed it), masters
 * and services. */
static void sheet_salon(struct Sheet *sh, const struct SalonDetail *d)
{
    attr_t normal = color_attr(ROLE_NORMAL), head = color_attr(ROLE_LIST_HEADER) | A_BOLD;
    for (int part = 0; part < SALON__PARTS; part++) {
        if (!d->present[part])
            continue;
        const struct TableData *td = &d->parts[part];
        char title[96];
        snprintf(title, sizeof title, "%s%s", salon_detail_part_title((enum SalonPart)part),
                 td->loading ? " (loading…)" : "");
        sheet_add(sh, 1, 0, NULL, "", normal);
        sheet_add(sh, 1, 0, NULL, title, head);
        if (td->error)
            sheet_add(sh, 3, 0, NULL, td->error, color_attr(ROLE_STATUS_ERROR));
        if (!td->rows)
            continue;
        if (td->rows->nrows == 0)
            sheet_add(sh, 3, 0, NULL, "none", color_attr(ROLE_LIST_DIM));
        int payload = db_rows_col(td->rows, "payload");
        for (int r = 0; r < td->rows->nrows; r++) {
            struct StrBuf sb;
            sb_init(&sb);
            for (int c = 0; c < td->rows->ncols; c++) {
                const char *v = db_rows_get(td->rows, r, c);
                if (c == payload || !v)
                    continue;
                sb_append(&sb, sb.len ? "  " : "");
                sb_append(&sb, v);
            }
            sheet_add(sh, 3, 0, NULL, sb.s, normal);
            sb_free(&sb);
            if (payload >= 0 && db_rows_get(td->rows, r, payload))
                sheet_add(sh, 6, 0, NULL, db_rows_get(td->rows, r, payload),
                          color_attr(ROLE_LIST_DIM));
        }
    }
}

/* The record view of the selected row into sh (every column, then the salon's parts); returns
 * its number of lines. */
static int sheet_record(struct Sheet *sh, struct App *app, const struct Pane *p,
                        const struct TableData *td)
{
    int row = td_visible_row(td, p->tv.cursor);
    if (row < 0 || !td->rows)
        return 0;
    attr_t normal = sh->w ? color_attr(ROLE_NORMAL) : 0;
    int labelw = 0;
    for (int c = 0; c < td->rows->ncols; c++) {
        int lw = (int)strlen(td->rows->names[c]);
        if (lw > labelw)
            labelw = lw;
    }
    if (labelw > sh->width / 3)
        labelw = sh->width / 3;
    for (int c = 0; c < td->rows->ncols; c++) { /* as the table shows them: yes/no, rounded */
        char *v = db_rows_display(td->rows, row, c);
        sheet_add(sh, 1, labelw, td->rows->names[c], v, normal);
        free(v);
    }
    const struct SalonDetail *d = p->view == VIEW_SALONS ? salon_detail_get(app) : NULL;
    if (d)
        sheet_salon(sh, d);
    return sh->line;
}

static void draw_detail(struct Pane *p, struct App *app, const struct TableData *td, WINDOW *w,
                        int y, int h, int width)
{
    attr_t normal = color_attr(ROLE_NORMAL);
    for (int i = 0; i < h; i++)
        draw_fill(w, y + i, 0, width, normal);
    struct Sheet sh = {w, y, h, width, p->detail_top, 0};
    sheet_record(&sh, app, p, td);
}

void pane_layout(struct Pane *p, struct App *app, int h, int width)
{
    if (p->ops->layout) {
        p->ops->layout(p, app, h, width);
        return;
    }
    if (p->ops->draw)
        return;
    /* The table pane: the rows below the summary and the header, as pane_draw lays them out. */
    const struct TableData *td = &app->views[p->view];
    if (p->detail) {
        /* The record view below its summary line: scrolled no further than its last line. */
        struct Sheet sh = {NULL, 0, h - 1, width, 0, 0};
        int lines = sheet_record(&sh, app, p, td);
        p->detail_page = h - 1 > 1 ? h - 1 : 1;
        p->detail_max = lines > p->detail_page ? lines - p->detail_page : 0;
        if (p->detail_top > p->detail_max)
            p->detail_top = p->detail_max;
    } else if (h >= 2 && !td->noaccess && td->rows) {
        table_fit(&p->tv, td->nvisible, h - 2);
    }
}

void pane_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width)
{
    if (p->ops->draw) {
        p->ops->draw(p, app, w, y, h, width);
        return;
    }
    const struct TableData *td = &app->views[p->view];
    attr_t normal = color_attr(ROLE_NORMAL);
    for (int i = 0; i < h; i++)
        draw_fill(w, y + i, 0, width, normal);
    if (h < 1)
        return;

    if (td->noaccess) {
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, td->noaccess, color_attr(ROLE_STATUS_WARN));
        return;
    }
    if (!td->rows) {
        const char *what = td->error                        ? td->error
                           : app->discovered || td->loading ? "loading…"
                                                            : "waiting for the database…";
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, what,
                     td->error ? color_attr(ROLE_STATUS_ERROR) : normal);
        return;
    }

    /* The summary line: what the view holds, the filter, and whether it is current. */
    char sum[512];
    p->ops->summary(td, sum, sizeof sum);
    char right[160] = "";
    if (td->stale) {
        char t[16];
        tz_format_local(td->updated, "%H:%M:%S", t, sizeof t);
        snprintf(right, sizeof right, "STALE: data from %s", t);
    } else if (td->filter) {
        snprintf(right, sizeof right, "%d of %d match /%.60s", td->nvisible, td->rows->nrows,
                 td->filter);
    }
    int rw = right[0] ? (int)strlen(right) + 2 : 0;
    if (rw > width / 2)
        rw = width / 2;
    draw_text(w, y, 1, width - 1 - rw, sum, color_attr(ROLE_LIST_DIM));
    if (rw)
        draw_text_right(w, y, width - rw, rw - 1, right,
                        td->stale ? color_attr(ROLE_STATUS_WARN) : color_attr(ROLE_NORMAL));
    if (h < 2)
        return;
    if (p->detail) {
        draw_detail(p, app, td, w, y + 1, h - 1, width);
        return;
    }
    table_draw(w, y + 1, 0, h - 1, width, td, p->ops->cols, p->ops->ncols, &p->tv, td->stale,
               p->ops->cell_attr, NULL);
}

static bool table_action(struct Pane *p, struct App *app, enum Action a, int page);

void pane_click(struct Pane *p, struct App *app, int y, int x)
{
    if (p->ops->click) {
        p->ops->click(p, app, y, x);
        return;
    }
    if (p->ops->draw || p->detail)
        return;
    /* The table pane: line 0 is the summary, line 1 the header, then the rows. */
    const struct TableData *td = &app->views[p->view];
    int row = p->tv.top + y - 2;
    if (y < 2 || row >= td->nvisible)
        return;
    if (row == p->tv.cursor) /* a second click on the selected row opens it */
        pane_action(p, app, ACT_OPEN, 1);
    else
        p->tv.cursor = row;
}

bool pane_action(struct Pane *p, struct App *app, enum Action a, int page)
{
    if (p->ops->action)
        return p->ops->action(p, app, a, page);
    return table_action(p, app, a, page);
}

/* The id of the selected salon, or NULL. */
static const char *selected_cell(const struct Pane *p, const struct App *app, const char *col)
{
    const struct TableData *td = &app->views[p->view];
    int row = td_visible_row(td, p->tv.cursor);
    return row < 0 ? NULL : db_rows_get(td->rows, row, db_rows_col(td->rows, col));
}

/* Cycles the sort through the pane's columns: each ascending, then descending, then none. */
static void sort_next(struct Pane *p, struct App *app)
{
    struct TableData *td = &app->views[p->view];
    if (!td->rows)
        return;
    int cur = -1;
    for (int i = 0; i < p->ops->ncols; i++)
        if (db_rows_col(td->rows, p->ops->cols[i].name) == td->sort_col)
            cur = i;
    if (cur >= 0 && !td->sort_desc) {
        td_set_sort(td, td->sort_col, true);
    } else if (cur + 1 < p->ops->ncols) {
        td_set_sort(td, db_rows_col(td->rows, p->ops->cols[cur + 1].name), false);
    } else {
        td_set_sort(td, -1, false);
    }
    const char *title = "the server's order";
    for (int i = 0; i < p->ops->ncols; i++)
        if (td->sort_col >= 0 && db_rows_col(td->rows, p->ops->cols[i].name) == td->sort_col)
            title = p->ops->cols[i].title;
    app_message(app, MSG_INFO, "sorted by %s%s", title, td->sort_desc ? ", descending" : "");
}

static bool salons_action(struct Pane *p, struct App *app, enum Action a, int page)
{
    struct TableData *td = &app->views[p->view];
    const char *id = selected_cell(p, app, "id");
    if (p->detail) {
        if (a == ACT_BACK || a == ACT_DETAILS)
            salon_detail_close(app);
        if (a == ACT_DETAILS)
            a = ACT_BACK;
        if ((a == ACT_OPEN_BOOKINGS || a == ACT_OPEN_THREAD) && id) {
            app_open(app, a == ACT_OPEN_BOOKINGS ? VIEW_BOOKINGS : VIEW_THREADS, id, NULL);
            return true;
        }
        if (a == ACT_OPEN)
            return true; /* Enter in the detail does nothing: B and T leave it */
        return table_action(p, app, a, page);
    }
    switch (a) {
    case ACT_OPEN:
    case ACT_OPEN_BOOKINGS:
        if (id)
            app_open(app, VIEW_BOOKINGS, id, NULL);
        return true;
    case ACT_OPEN_THREAD:
        if (id)
            app_open(app, VIEW_THREADS, id, NULL);
        return true;
    case ACT_DETAILS:
        if (id)
            salon_detail_open(app, id);
        return table_action(p, app, ACT_OPEN, page);
    case ACT_SORT_NEXT:
        sort_next(p, app);
        return true;
    case ACT_TOGGLE_IDLE:
        td_set_hide(td, td->hide_col ? NULL : "active", "f");
        return true;
    default:
        return table_action(p, app, a, page);
    }
}

static bool table_action(struct Pane *p, struct App *app, enum Action a, int page)
{
    const struct TableData *td = &app->views[p->view];
    if (p->detail) {
        switch (a) {
        case ACT_BACK:
        case ACT_OPEN:
            p->detail = false;
            return true;
        case ACT_DOWN:
        case ACT_PAGE_DOWN:
        case ACT_BOTTOM: {
            int step = a == ACT_DOWN ? 1 : a == ACT_PAGE_DOWN ? p->detail_page : p->detail_max;
            p->detail_top += step;
            if (p->detail_top > p->detail_max)
                p->detail_top = p->detail_max;
            return true;
        }
        case ACT_UP:
        case ACT_PAGE_UP:
            p->detail_top -= a == ACT_UP ? 1 : p->detail_page;
            if (p->detail_top < 0)
                p->detail_top = 0;
            return true;
        case ACT_TOP:
            p->detail_top = 0;
            return true;
        default:
            return false;
        }
    }
    if (a == ACT_OPEN) {
        if (td->rows && td->nvisible > 0) {
            p->detail = true;
            p->detail_top = 0;
        }
        return true;
    }
    if (a == ACT_BACK && td->filter) {
        app_set_filter(app, NULL);
        return true;
    }
    return table_move(&p->tv, a, td->nvisible, page);
}
