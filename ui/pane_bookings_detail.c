/* The detail of one booking: every column the deployment has (timestamps in the display zone,
 * JSON pretty-printed by the server and made safe here), then the customer's other bookings. */
#include "config.h"

#include "ui/pane_bookings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/widget_calendar.h"

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* Lines are produced twice (count, then draw) through one walker. */
struct Walk {
    WINDOW *w;
    int y, h, width, top, line;
};

static void emit(struct Walk *k, int x, const char *label, const char *raw, attr_t la, attr_t va)
{
    char *s = text_safe(raw ? raw : "", (size_t)-1, TEXT_KEEP_NEWLINES);
    struct TextSpan *sp = NULL;
    int vw = k->width - x;
    size_t n = text_wrap(s, vw > 8 ? vw : 8, &sp);
    for (size_t i = 0; i < (n ? n : 1); i++, k->line++) {
        int row = k->line - k->top;
        if (!k->w || row < 0 || row >= k->h)
            continue;
        draw_text(k->w, k->y + row, 0, x, i == 0 ? label : "", la);
        char *part = n ? xstrndup(s + sp[i].off, sp[i].len) : xstrdup("");
        draw_text(k->w, k->y + row, x, k->width - x, part, va);
        free(part);
    }
    free(sp);
    free(s);
}

static void walk(struct Walk *k, const struct BookingsModel *m)
{
    const struct BkDetail *d = &m->detail;
    attr_t dim = color_attr(ROLE_LIST_DIM), norm = color_attr(ROLE_NORMAL);
    attr_t head = color_attr(ROLE_LIST_HEADER) | A_BOLD;
    emit(k, 0, "", "Booking (Esc: back · T: the customer's conversation)", head, head);
    if (d->error)
        emit(k, 2, "", d->error, norm, color_attr(ROLE_STATUS_ERROR));
    if (!d->fields) {
        emit(k, 2, "", d->loading ? "loading…" : "not found (deleted, or not visible to this role)",
             norm, dim);
        return;
    }
    int lw = 4;
    for (int r = 0; r < d->fields->nrows; r++) {
        int w = text_width(db_rows_get(d->fields, r, 0));
        lw = w + 2 > lw ? w + 2 : lw;
    }
    if (lw > 24)
        lw = 24;
    for (int r = 0; r < d->fields->nrows; r++) {
        const char *name = db_rows_get(d->fields, r, 0);
        const char *type = db_rows_get(d->fields, r, 1);
        const char *val = db_rows_get(d->fields, r, 2);
        char local[64];
        time_t t;
        if (str_eq(type, "timestamp") && tz_parse_utc(val, &t)) {
            tz_format_local(t, "%Y-%m-%d %H:%M:%S %Z", local, sizeof local);
            val = local;
        }
        /* master_id: the master's name where the deployment gives one, not the id. */
        const char *master = str_eq(name, "master_id") ? bookings_master_name(m, val) : NULL;
        if (master) {
            name = "master";
            val = master;
        }
        char *label = text_safe(name, (size_t)-1, 0);
        emit(k, lw, label, val ? val : "—", dim,
             str_eq(name, "status") ? calendar_status_attr(val) : norm);
        free(label);
    }
    emit(k, 0, "", "", norm, norm);
    emit(k, 0, "", "The customer's bookings", head, head);
    if (!d->others) {
        emit(k, 2, "", "loading…", norm, dim);
        return;
    }
    for (int r = 0; r < bookings_other_count(m); r++) {
        struct BkItem it;
        if (!bookings_other_item(m, r, &it))
            continue;
        char when[40];
        tz_format_local(it.start, "%Y-%m-%d %H:%M", when, sizeof when);
        struct StrBuf sb;
        sb_init(&sb);
        sb_appendf(&sb, "%s  %s  %s", it.status, nz(it.service), nz(it.code));
        bool self = str_eq(it.id, d->id);
        emit(k, 20, self ? "▶ " : "  ", sb.s, norm, calendar_status_attr(it.status));
        /* the date goes over the label column */
        int row = k->line - 1 - k->top;
        if (k->w && row >= 0 && row < k->h)
            draw_text(k->w, k->y + row, 2, 18, when, norm);
        sb_free(&sb);
    }
}

int bookings_detail_lines(const struct BookingsModel *m, int width)
{
    struct Walk count = {NULL, 0, 0, width, 0, 0};
    walk(&count, m);
    return count.line;
}

void bookings_detail_draw(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                          int top)
{
    struct Walk k = {w, y, h, width, top, 0};
    walk(&k, m);
}
