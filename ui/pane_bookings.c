/* The Bookings tab: day, week, month and agenda views of the salon's calendar, and the detail of
 * one booking. Reads the model (src/model/bookings.h); actions call the model's functions. */
#include "config.h"

#include "ui/pane_bookings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/bookings.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/pane.h"
#include "ui/widget_calendar.h"

struct BkPaneState {
    int day_top;  /* first slot row shown (minutes from midnight / slot) */
    int day_left; /* first day-view column shown */
    int week_top_hour;
    int agenda_top;
    int detail_top;
    bool free_open; /* F: the day's free slots instead of the day grid */
    int found_top;  /* first line of :find's results shown */
    int h, width;   /* the pane's size at the last layout (for clicks) */
};

static struct BkPaneState *state_of(struct Pane *p)
{
    if (!p->state)
        p->state = xcalloc(1, sizeof(struct BkPaneState));
    return p->state;
}

static int local_minutes(time_t t)
{
    char b[8];
    tz_format_local(t, "%H:%M", b, sizeof b);
    return ((b[0] - '0') * 10 + (b[1] - '0')) * 60 + (b[3] - '0') * 10 + (b[4] - '0');
}

static void summary(WINDOW *w, int y, int width, const struct BookingsModel *m, bool waiting)
{
    char period[160], a[48], b[48];
    if (m->view == CAL_DAY) {
        tz_format_local(cal_start(m->anchor), "%a %d %b %Y", a, sizeof a);
        bool today = cal_cmp(m->anchor, cal_from_time(time(NULL))) == 0;
        snprintf(period, sizeof period, "%s%s", today ? "Today, " : "", a);
    } else if (m->view == CAL_MONTH) {
        tz_format_local(cal_start(m->from), "%B %Y", a, sizeof a);
        snprintf(period, sizeof period, "%s", a);
    } else {
        tz_format_local(cal_start(m->from), "%d %b", a, sizeof a);
        tz_format_local(cal_start(cal_add_days(m->to, -1)), "%d %b %Y", b, sizeof b);
        snprintf(period, sizeof period, "%s %s – %s", m->view == CAL_WEEK ? "Week" : "Agenda", a,
                 b);
    }
    int conf = 0, canc = 0, confl = 0, count = 0, before = 0;
    for (int i = 0; i < m->nitems; i++) {
        if (!bookings_item_counts(m, &m->items[i])) {
            /* a booking across midnight counts once, on its start date */
            before += cal_cmp(m->items[i].day, m->from) == 0;
            continue;
        }
        count++;
        int c = bookings_status_class(m->items[i].status);
        conf += c == 0;
        canc += c == 1 || c == 3;
        confl += m->items[i].conflict;
    }
    char s[512];
    char carry[64] = "";
    if (before) { /* "+1 from Wed": begun the day before the period */
        char wd[24];
        tz_format_local(cal_start(cal_add_days(m->from, -1)), "%a", wd, sizeof wd);
        snprintf(carry, sizeof carry, " (+%d from %s)", before, wd);
    }
    int off = snprintf(s, sizeof s, "%s (%s): %d booking%s%s · %d confirmed · %d cancelled/no-show",
                       period, tz_name(), count, count == 1 ? "" : "s", carry, conf, canc);
    if (confl && off > 0 && (size_t)off < sizeof s)
        off += snprintf(s + off, sizeof s - (size_t)off, " · %d in conflict", confl);

    if (m->ntotal > count && off > 0 && (size_t)off < sizeof s)
        snprintf(s + off, sizeof s - (size_t)off, " · %d hidden by filters", m->ntotal - count);
    const char *salon = m->salon_name ? m->salon_name : m->salon_id ? m->salon_id : NULL;
    int sw = 1 + draw_text(w, y, 1, width / 3, salon ? salon : "All salons",
                           color_attr(ROLE_LIST_HEADER) | A_BOLD);
    draw_text(w, y, sw, 3, " · ", color_attr(ROLE_LIST_DIM));
    sw += 3;
    char match[160] = ""; /* the active / filter, as the other tabs show it */
    if (m->field_filter)
        snprintf(match, sizeof match, "/%.60s", m->field_filter);
    const char *right = m->fs.stale  ? "STALE"
                        : waiting    ? "waiting for the database…"
                        : m->loading ? "loading…"
                        : match[0]   ? match
                        : m->locked  ? "staff"
                                     : "";
    int rw = text_width(right) + 1;
    if (rw > width / 2)
        rw = width / 2;
    draw_text(w, y, sw, width - sw - rw, s, color_attr(ROLE_LIST_DIM));
    draw_text_right(w, y, width - rw, rw - 1, right,
                    m->fs.stale ? color_attr(ROLE_STATUS_WARN) : color_attr(ROLE_NORMAL));
}

/* One line of a booking in a day-view cell. A wide cell: "13:30–14:30 customer", then the
 * service, then the status. A narrow one: "13:30 customer", then "–14:30 service". */
static void day_cell(WINDOW *w, int y, int x, int cw, int line, int nlines, const struct BkItem *it,
                     bool sel)
{
    attr_t a = sel ? color_attr(ROLE_LIST_CURSOR) : calendar_status_attr(it->status);
    char range[48], t[64] = "";
    bookings_format_range(it, range, sizeof range);
    /* A booking of one line keeps its end there while a little of the customer still fits. */
    bool wide = cw >= text_width(range) + (nlines > 1 ? 8 : 5);
    const char *end = strstr(range, "–"); /* U+2013, 3 bytes */
    const char *rest = "";
    if (line == 0) {
        char hm[8];
        tz_format_local(it->start, "%H:%M", hm, sizeof hm);
        snprintf(t, sizeof t, "%s%s ", it->conflict ? "!" : "", wide ? range : hm);
        rest = it->customer;
    } else if (line == 1) {
        if (!wide && end)
            snprintf(t, sizeof t, "%s ", end);
        rest = it->service;
    } else if (line == 2) {
        rest = it->status;
    }
    int u = 0;
    if (t[0])
        u = draw_text(w, y, x, cw, t,
                      line == 0 && it->conflict && !sel ? color_attr(ROLE_STATUS_ERROR) | A_BOLD
                                                        : a);
    draw_text(w, y, x + u, cw - u, rest, a);
}

/* The slot rows [*s0, *s1) a booking covers on its day, in the local clock's slots. */
static void item_slots(const struct BkItem *it, int slot, int *s0, int *s1)
{
    int per_day = 24 * 60 / slot;
    *s0 = it->cont ? 0 : local_minutes(it->vstart) / slot;
    int e = it->vend >= cal_start(cal_add_days(it->day, 1)) ? 24 * 60 : local_minutes(it->vend);
    *s1 = (e + slot - 1) / slot;
    if (*s1 > per_day)
        *s1 = per_day;
    if (*s1 <= *s0)
        *s1 = *s0 + 1;
}

struct DayCol {
    int group, sub;
    int x, w;  /* on screen */
    bool busy; /* has a booking that day */
};

/* Places the columns from left on: returns how many fit in width. */
static int day_layout(struct DayCol *cols, int ncols, int left, int tw, int width)
{
    int x = tw, shown = 0;
    for (int c = left; c < ncols && x + cols[c].w <= width; c++, shown++) {
        cols[c].x = x;
        x += cols[c].w;
    }
    return shown;
}

static void slot_label(int s, int slot, char *buf, size_t size)
{
    snprintf(buf, size, "%02d:%02d", s * slot / 60 % 100, s * slot % 60);
}

/* The day view's geometry: computed the same way before drawing (to settle the scroll), while
 * drawing, and for a click, so that drawing needs to keep nothing. */
struct DayGeom {
    int slot, lo, hi; /* slot length; first and last slot row of the day shown */
    int first, n;     /* the anchor day's items */
    struct DayCol *cols;
    int ncols, tw;
    int sel_col; /* the selection's column, or -1 */
    const struct BkItem *sel;
    bool by_service, by_slot;
};

static void day_geom(const struct BookingsModel *m, int width, struct DayGeom *g)
{
    memset(g, 0, sizeof *g);
    int slot = m->slot_min > 0 ? m->slot_min : 30, per_day = 24 * 60 / slot;
    g->slot = slot;
    g->lo = 8 * 60 / slot; /* slots shown: 08:00-20:30 unless wider */
    g->hi = 20 * 60 / slot;
    g->n = bookings_day_items(m, m->anchor, &g->first);
    int ng = m->ngroups > 0 ? m->ngroups : 1;
    int *gsub = xcalloc((size_t)ng, sizeof *gsub);
    for (int i = g->first; i < g->first + g->n; i++) {
        const struct BkItem *it = &m->items[i];
        int s0, s1;
        item_slots(it, slot, &s0, &s1);
        g->lo = s0 < g->lo ? s0 : g->lo;
        g->hi = s1 - 1 > g->hi ? s1 - 1 : g->hi;
        if (it->lane >= 0 && it->lane < ng && it->nsub > gsub[it->lane])
            gsub[it->lane] = it->nsub;
        g->by_service |= it->end_src == BK_END_SERVICE;
        g->by_slot |= it->end_src == BK_END_SLOT;
    }
    g->hi = g->hi < per_day ? g->hi : per_day - 1;
    /* The columns: each group's lanes side by side. */
    int ncols = 0;
    for (int gr = 0; gr < ng; gr++)
        ncols += gsub[gr] > 1 ? gsub[gr] : 1;
    struct DayCol *cols = xcalloc((size_t)ncols, sizeof *cols);
    int k = 0, nbusy = 0;
    g->sel_col = -1;
    g->sel = bookings_selected(m);
    if (g->sel && cal_cmp(g->sel->day, m->anchor) != 0)
        g->sel = NULL;
    for (int gr = 0; gr < ng; gr++)
        for (int sub = 0; sub < (gsub[gr] > 1 ? gsub[gr] : 1); sub++, k++) {
            cols[k] = (struct DayCol){gr, sub, 0, 0, false};
            if (g->sel && g->sel->lane == gr && g->sel->sub == sub)
                g->sel_col = k;
        }
    free(gsub);
    for (int i = g->first; i < g->first + g->n; i++)
        for (int c = 0; c < ncols; c++)
            if (cols[c].group == m->items[i].lane && cols[c].sub == m->items[i].sub &&
                !cols[c].busy) {
                cols[c].busy = true;
                nbusy++;
            }
    /* Widths: even when they are wide enough; else a column without bookings that day gets
     * what shows its master's name in short and the others share the rest; else 12 each and
     * the view scrolls across. */
    int tw = 6, avail = width - tw, even = avail / ncols, narrow = 9;
    int wide = nbusy ? (avail - (ncols - nbusy) * narrow) / nbusy : 0;
    for (int c = 0; c < ncols; c++) {
        if (even >= 16 || nbusy == 0 || nbusy == ncols)
            cols[c].w = even >= 12 ? even : 12;
        else if (wide >= 12)
            cols[c].w = cols[c].busy ? wide : narrow;
        else
            cols[c].w = 12;
    }
    g->cols = cols;
    g->ncols = ncols;
    g->tw = tw;
}

/* The slot rows the body of h lines shows from column left on; *footer: a line is kept for
 * what does not fit and for assumed ends. */
static int day_rows(const struct DayGeom *g, int h, int left, int shown, bool *footer)
{
    bool across = left > 0 || left + shown < g->ncols;
    *footer = g->hi - g->lo + 1 > h - 1 || g->by_service || g->by_slot || across;
    return h - 1 - (*footer ? 1 : 0);
}

/* The first column shown (as settled), kept within the columns. */
static int day_left(const struct DayGeom *g, int left)
{
    left = left < g->ncols ? left : g->ncols - 1;
    return left > 0 ? left : 0;
}

/* The first slot row shown (as settled), kept within the day's rows. */
static int day_top(const struct DayGeom *g, int top)
{
    return top < g->lo || top > g->hi ? g->lo : top;
}

/* Before drawing: the selection is always on screen, across, then down. */
static void day_settle(const struct BookingsModel *m, struct BkPaneState *st, int h, int width)
{
    struct DayGeom g;
    day_geom(m, width, &g);
    struct DayCol *cols = g.cols;
    int ncols = g.ncols, tw = g.tw, sel_col = g.sel_col;
    int left = day_left(&g, st->day_left);
    if (sel_col >= 0 && sel_col < left)
        left = sel_col;
    while (sel_col >= 0 && left < sel_col &&
           sel_col >= left + day_layout(cols, ncols, left, tw, width))
        left++;
    while (left > 0 && left - 1 + day_layout(cols, ncols, left - 1, tw, width) == ncols)
        left--;
    st->day_left = left;
    bool footer;
    int rows = day_rows(&g, h, left, day_layout(cols, ncols, left, tw, width), &footer);
    int top = day_top(&g, st->day_top);
    if (g.sel) {
        int s0, s1;
        item_slots(g.sel, g.slot, &s0, &s1);
        if (s1 > top + rows)
            top = s1 - rows < s0 ? s1 - rows : s0;
        if (s0 < top)
            top = s0;
    }
    if (top + rows > g.hi + 1)
        top = g.hi + 1 - rows;
    st->day_top = top < g.lo ? g.lo : top;
    free(cols);
}

/* The booking of column dc at slot s: the selected one, else an active one before a cancelled
 * or no-show one, else the latest to start; *line: the slot's line within it. */
static const struct BkItem *cell_item(const struct BookingsModel *m, const struct DayGeom *g,
                                      const struct DayCol *dc, int s, int *line, int *nlines)
{
    const struct BkItem *it = NULL;
    int best = -1;
    *line = 0;
    *nlines = 1;
    for (int i = g->first; i < g->first + g->n; i++) {
        const struct BkItem *b = &m->items[i];
        int s0, s1;
        if (b->lane != dc->group || b->sub != dc->sub)
            continue;
        item_slots(b, g->slot, &s0, &s1);
        if (s < s0 || s >= s1)
            continue;
        int rank = b == g->sel ? 3 : bookings_status_inactive(b->status) ? 1 : 2;
        if (rank >= best) {
            best = rank;
            it = b;
            *line = s - s0;
            *nlines = s1 - s0;
        }
    }
    return it;
}

static void draw_day(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                     const struct BkPaneState *st)
{
    struct DayGeom g;
    day_geom(m, width, &g);
    struct DayCol *cols = g.cols;
    int ncols = g.ncols, tw = g.tw, slot = g.slot, lo = g.lo, hi = g.hi;
    int n = g.n;
    bool by_service = g.by_service, by_slot = g.by_slot;
    const struct BkItem *sel = g.sel;
    int left = day_left(&g, st->day_left);
    int shown = day_layout(cols, ncols, left, tw, width);
    if (shown < 1) {
        free(cols);
        return;
    }

    attr_t head = color_attr(ROLE_LIST_HEADER);
    draw_text(w, y, 0, tw, "", head);
    for (int c = 0; c < shown; c++) {
        const struct DayCol *dc = &cols[left + c];
        if (dc->sub > 0 && c > 0) /* under the group's name, which spans its lanes */
            continue;
        int span = dc->w;
        for (int j = c + 1; j < shown && cols[left + j].group == dc->group; j++)
            span += cols[left + j].w;
        const char *name = m->ngroups > dc->group ? m->groups[dc->group].name : "bookings";
        draw_text(w, y, dc->x, span - 1, name, head);
        draw_text(w, y, dc->x + span - 1, 1, "", head);
    }
    int right = cols[left + shown - 1].x + cols[left + shown - 1].w;
    if (right < width)
        draw_text(w, y, right, width - right, "", head);

    int nslots = hi - lo + 1;
    bool footer;
    int rows = day_rows(&g, h, left, shown, &footer);
    if (rows < 1) {
        free(cols);
        return;
    }
    int top = day_top(&g, st->day_top);
    bool today = cal_cmp(m->anchor, cal_from_time(time(NULL))) == 0;
    int now_slot = today ? local_minutes(time(NULL)) / slot : -1;
    for (int r = 0; r < rows && r < nslots; r++) {
        int s = top + r, yy = y + 1 + r;
        char hm[16], lab[32];
        slot_label(s, slot, hm, sizeof hm);
        snprintf(lab, sizeof lab, "%s%s", hm, s == now_slot ? "▶" : "");
        draw_text(w, yy, 0, tw, lab,
                  s == now_slot ? color_attr(ROLE_STATUS_WARN) | A_BOLD
                                : color_attr(ROLE_LIST_DIM));
        for (int c = 0; c < shown; c++) {
            const struct DayCol *dc = &cols[left + c];
            int line, nlines;
            const struct BkItem *it = cell_item(m, &g, dc, s, &line, &nlines);
            int x = dc->x, cw = dc->w;
            if (it) {
                day_cell(w, yy, x, cw - 1, line, nlines, it, it == sel);
            } else if (s != now_slot && !m->hours_assumed && !bookings_in_hours(m, s * slot)) {
                /* outside the working hours the deployment records: shaded */
                char shade[200] = "";
                size_t used = 0;
                for (int k = 0; k + 1 < cw - 1 && used + 4 < sizeof shade; k += 2)
                    used += (size_t)snprintf(shade + used, sizeof shade - used, " ·");
                draw_text(w, yy, x, cw - 1, shade, color_attr(ROLE_LIST_DIM));
            } else
                draw_text(w, yy, x, cw - 1, s == now_slot ? "────────────────────────" : "",
                          s == now_slot ? color_attr(ROLE_STATUS_WARN) : color_attr(ROLE_NORMAL));
            bool last_of_group = left + c + 1 >= ncols || cols[left + c + 1].group != dc->group;
            draw_text(w, yy, x + cw - 1, 1, last_of_group ? "│" : "┊", color_attr(ROLE_LIST_DIM));
        }
    }
    if (footer) {
        /* What does not fit, and which ends are not recorded. */
        struct StrBuf f;
        sb_init(&f);
        char a[16], b[16];
        if (top > lo) {
            slot_label(lo, slot, a, sizeof a);
            slot_label(top, slot, b, sizeof b);
            sb_appendf(&f, "▲ %s–%s above", a, b);
        }
        if (top + rows <= hi) {
            slot_label(top + rows, slot, a, sizeof a);
            slot_label(hi + 1, slot, b, sizeof b);
            sb_appendf(&f, "%s▼ %s–%s below", f.len ? " · " : "", a, b);
        }
        if (left > 0)
            sb_appendf(&f, "%s← %d more", f.len ? " · " : "", left);
        if (left + shown < ncols)
            sb_appendf(&f, "%s%d more →", f.len ? " · " : "", ncols - left - shown);
        if (by_slot)
            sb_appendf(&f, "%s~: end assumed (one %d-min slot)", f.len ? " · " : "", slot);
        else if (by_service)
            sb_appendf(&f, "%s~: end assumed from the service's length", f.len ? " · " : "");
        draw_text(w, y + h - 1, 0, width, f.s ? f.s : "", color_attr(ROLE_LIST_DIM));
        sb_free(&f);
    }
    free(cols);
    if (n == 0 && rows > 2)
        draw_text(w, y + 2, tw + 2, width - tw - 4,
                  m->loading ? "loading…" : "No bookings this day. h/l: another day, w: the week",
                  color_attr(ROLE_LIST_DIM));
}

/* The agenda's lines: a heading per day that has bookings, then its bookings. The line of item
 * number item (-1 when there is none), and the item at a line (-1 on a heading). */
static int agenda_line_of(const struct BookingsModel *m, int item)
{
    int line = 0;
    struct CalDate last = {0, 0, 0};
    for (int i = 0; i < m->nitems; i++, line++) {
        if (cal_cmp(m->items[i].day, last) != 0) {
            last = m->items[i].day;
            line++;
        }
        if (i == item)
            return line;
    }
    return -1;
}

static int agenda_item_at(const struct BookingsModel *m, int at)
{
    for (int i = 0; i < m->nitems; i++)
        if (agenda_line_of(m, i) == at)
            return i;
    return -1;
}

static void agenda_settle(const struct BookingsModel *m, struct BkPaneState *st, int h)
{
    int cur_line = m->cursor >= 0 ? agenda_line_of(m, m->cursor) : -1;
    if (cur_line >= 0 && cur_line < st->agenda_top)
        st->agenda_top = cur_line > 0 ? cur_line - 1 : 0;
    if (cur_line >= st->agenda_top + h)
        st->agenda_top = cur_line - h + 1;
}

static void draw_agenda(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                        const struct BkPaneState *st)
{
    /* Columns: time range, customer, service, master (or salon), status, code, each at a fixed
     * place and width, one space apart; text wider than its column ends in "…". */
    int code_w = 4, status_w = 6;
    bool who = false;
    for (int i = 0; i < m->nitems; i++) {
        const struct BkItem *it = &m->items[i];
        char *c = text_safe(it->code, (size_t)-1, 0), *s = text_safe(it->status, (size_t)-1, 0);
        code_w = text_width(c) > code_w ? text_width(c) : code_w;
        status_w = text_width(s) > status_w ? text_width(s) : status_w;
        free(c);
        free(s);
        who |= it->master != NULL || it->master_id != NULL || (!m->salon_id && it->salon);
    }
    code_w = code_w > 12 ? 12 : code_w;
    status_w = status_w > 11 ? 11 : status_w;
    enum { TIME_W = 17 }; /* "  !23:30–~01:00+1" */
    int rest = width - TIME_W - 1 - status_w - code_w - (who ? 4 : 3);
    int cust_w = who ? rest * 4 / 10 : rest * 55 / 100;
    int serv_w = who ? rest * 3 / 10 : rest - cust_w;
    int who_w = who ? rest - cust_w - serv_w : 0;
    int line = 0;
    struct CalDate last = {0, 0, 0};
    for (int i = 0; i < m->nitems && line - st->agenda_top < h; i++) {
        const struct BkItem *it = &m->items[i];
        int yy = y + line - st->agenda_top;
        if (cal_cmp(it->day, last) != 0) {
            last = it->day;
            char d[48];
            tz_format_local(cal_start(it->day), "%A %d %B %Y", d, sizeof d);
            if (yy >= y)
                draw_text(w, yy, 0, width, d, color_attr(ROLE_LIST_HEADER) | A_BOLD);
            line++;
            yy++;
            if (yy >= y + h)
                break;
        }
        if (yy >= y) {
            attr_t a = i == m->cursor ? color_attr(ROLE_LIST_CURSOR) : color_attr(ROLE_NORMAL);
            char range[48], tt[64];
            bookings_format_range(it, range, sizeof range);
            snprintf(tt, sizeof tt, "  %s%s", it->conflict ? "!" : " ", range);
            const char *whom = it->master ? it->master : it->master_id ? it->master_id : it->salon;
            struct {
                int w;
                const char *s;
                attr_t a;
            } f[] = {
                {TIME_W, tt, a},
                {cust_w, it->customer, a},
                {serv_w, it->service, a},
                {who_w, whom, a},
                {status_w, it->status, i == m->cursor ? a : calendar_status_attr(it->status)},
                {code_w, it->code, a},
            };
            int x = 0;
            for (size_t k = 0; k < sizeof f / sizeof f[0] && x < width; k++) {
                if (f[k].w <= 0)
                    continue;
                int fw = f[k].w < width - x ? f[k].w : width - x;
                draw_text(w, yy, x, fw, f[k].s, f[k].a);
                x += fw;
                if (x < width)
                    draw_text(w, yy, x++, 1, "", a);
            }
            if (x < width)
                draw_text(w, yy, x, width - x, "", a);
        }
        line++;
    }
    if (m->nitems == 0)
        draw_text(w, y + 1, 2, width - 4, m->loading ? "loading…" : "No bookings in these days.",
                  color_attr(ROLE_LIST_DIM));
}

/* :find's results: one line per booking of any date, the cursor's kept on screen. */
static void draw_found(WINDOW *w, int y, int h, int width, const struct BookingsModel *m, int top)
{
    int n = bookings_found_count(m);
    char head[200];
    snprintf(head, sizeof head,
             "%d found for :find %.80s — Enter: its day · n/N, j/k: move · Esc: back", n,
             m->found.text ? m->found.text : "");
    draw_text(w, y, 1, width - 2, head, color_attr(ROLE_LIST_HEADER) | A_BOLD);
    int rest = width - 16 - 6 - 16 - 11 - 11 - 6;
    int cust_w = rest > 20 ? rest / 2 : 10, salon_w = rest - cust_w > 4 ? rest - cust_w : 4;
    for (int i = top; i < n && i - top < h - 1; i++) {
        struct BkItem it;
        if (!bookings_found_item(m, i, &it))
            continue;
        int yy = y + 1 + i - top;
        attr_t a = i == m->found.cursor ? color_attr(ROLE_LIST_CURSOR) : color_attr(ROLE_NORMAL);
        char day[32], hm[8];
        tz_format_local(it.start, "%Y-%m-%d %a", day, sizeof day);
        tz_format_local(it.start, "%H:%M", hm, sizeof hm);
        struct {
            int w;
            const char *s;
            attr_t a;
        } f[] = {
            {15, day, a},
            {5, hm, a},
            {cust_w, it.customer, a},
            {15, it.phone, a},
            {10, it.code, a},
            {10, it.status, i == m->found.cursor ? a : calendar_status_attr(it.status)},
            {salon_w, it.salon, a},
        };
        int x = 1;
        draw_text(w, yy, 0, 1, "", a);
        for (size_t k = 0; k < sizeof f / sizeof f[0] && x < width; k++) {
            int fw = f[k].w < width - x ? f[k].w : width - x;
            draw_text(w, yy, x, fw, f[k].s ? f[k].s : "", f[k].a);
            x += fw;
            if (x < width)
                draw_text(w, yy, x++, 1, "", a);
        }
        if (x < width)
            draw_text(w, yy, x, width - x, "", a);
    }
}

/* F in the day view: each master's free slots, as many lines as each needs. */
static void draw_free(WINDOW *w, int y, int h, int width, const struct BookingsModel *m)
{
    char a[48], head[160];
    tz_format_local(cal_start(m->anchor), "%a %d %b %Y", a, sizeof a);
    snprintf(head, sizeof head,
             "Free %d-min slots, %s, %s %02d:%02d–%02d:%02d (F: back to the day)", m->slot_min, a,
             m->hours_assumed ? "hours assumed" : "working hours", m->work_start / 60,
             m->work_start % 60, m->work_end / 60, m->work_end % 60);
    draw_text(w, y, 1, width - 2, head, color_attr(ROLE_LIST_HEADER) | A_BOLD);
    int line = 1;
    if (m->loading && m->nfree == 0)
        draw_text(w, y + line, 2, width - 4, "loading…", color_attr(ROLE_LIST_DIM));
    for (int i = 0; i < m->nfree && line < h; i++) {
        const struct BkFree *f = &m->free[i];
        struct StrBuf sb;
        sb_init(&sb);
        sb_appendf(&sb, "%s — free:", f->name);
        for (int k = 0; k < f->nslots; k++)
            sb_appendf(&sb, "%s %02d:%02d", k ? "," : "", f->slot[k] / 60, f->slot[k] % 60);
        if (f->nslots == 0)
            sb_append(&sb, " none");
        line += draw_wrapped(w, y + line, 2, h - line, width - 4, sb.s, color_attr(ROLE_NORMAL));
        sb_free(&sb);
    }
    const char *note = !m->free_by_master
                           ? "No booking names a master: free means no booking at all."
                       : m->free_more ? "More masters than fit this list."
                                      : NULL;
    if (note && line < h)
        draw_text(w, y + line, 2, width - 4, note, color_attr(ROLE_LIST_DIM));
}

static void bk_draw_views(const struct BkPaneState *st, struct App *app, WINDOW *w, int y, int h,
                          int width);
static bool bk_action(struct Pane *p, struct App *app, enum Action a, int page);

/* Before drawing: every scroll position of the view on screen settled, with the selection (or
 * the cursor of :find's results) in view. Drawing then reads the pane's state and the model. */
static void bk_layout(struct Pane *p, struct App *app, int h, int width)
{
    struct BkPaneState *st = state_of(p);
    const struct BookingsModel *m = app->model[VIEW_BOOKINGS];
    st->h = h;
    st->width = width;
    int bh = h - 1; /* below the summary */
    if (!m || h < 3)
        return;
    if (m->found.open) {
        int rows = bh - 1 > 1 ? bh - 1 : 1;
        if (m->found.cursor < st->found_top)
            st->found_top = m->found.cursor;
        if (m->found.cursor >= st->found_top + rows)
            st->found_top = m->found.cursor - rows + 1;
        return;
    }
    if (m->detail.open) {
        int lines = bookings_detail_lines(m, width);
        if (st->detail_top > lines - bh)
            st->detail_top = lines - bh > 0 ? lines - bh : 0;
        return;
    }
    if (m->view == CAL_DAY && !st->free_open)
        day_settle(m, st, bh, width);
    else if (m->view == CAL_WEEK)
        calendar_week_settle(m, bh, &st->week_top_hour);
    else if (m->view == CAL_AGENDA)
        agenda_settle(m, st, bh);
}

static void bk_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width)
{
    bk_draw_views(state_of(p), app, w, y, h, width);
}

/* The booking under pane line y, column x of the day view (as last settled), or NULL. */
static const char *day_hit(const struct BookingsModel *m, const struct BkPaneState *st, int y,
                           int x)
{
    struct DayGeom g;
    day_geom(m, st->width, &g);
    const char *id = NULL;
    int left = day_left(&g, st->day_left);
    int shown = day_layout(g.cols, g.ncols, left, g.tw, st->width);
    bool footer;
    int rows = day_rows(&g, st->h - 1, left, shown, &footer), r = y - 2;
    int s = day_top(&g, st->day_top) + r;
    for (int c = 0; c < shown && r >= 0 && r < rows && s <= g.hi; c++) {
        const struct DayCol *dc = &g.cols[left + c];
        int line, nlines;
        const struct BkItem *it =
            x >= dc->x && x < dc->x + dc->w - 1 ? cell_item(m, &g, dc, s, &line, &nlines) : NULL;
        if (it)
            id = it->id;
    }
    free(g.cols);
    return id;
}

/* A click on a booking selects it (a second click on it opens it); on one of :find's results,
 * opens its day. */
static void bk_click(struct Pane *p, struct App *app, int y, int x)
{
    struct BkPaneState *st = state_of(p);
    struct BookingsModel *m = bookings_model(app);
    if (m->found.open) {
        int i = st->found_top + y - 2;
        if (y >= 2 && i < bookings_found_count(m)) {
            bookings_found_move(app, i - m->found.cursor, false);
            bookings_found_pick(app);
        }
        return;
    }
    const char *id = NULL;
    if (m->detail.open || (m->view == CAL_DAY && st->free_open))
        return;
    if (m->view == CAL_DAY)
        id = day_hit(m, st, y, x);
    else if (m->view == CAL_AGENDA && y >= 1) {
        int i = agenda_item_at(m, st->agenda_top + y - 1);
        id = i >= 0 ? m->items[i].id : NULL;
    }
    if (!id)
        return;
    const struct BkItem *cur = bookings_selected(m);
    if (cur && cur->id && strcmp(cur->id, id) == 0)
        bk_action(p, app, ACT_OPEN, 1);
    else {
        char *keep = xstrdup(id); /* the item's rows may be rebuilt */
        bookings_select_id(app, keep);
        free(keep);
    }
}

static void bk_draw_views(const struct BkPaneState *st, struct App *app, WINDOW *w, int y, int h,
                          int width)
{
    const struct BookingsModel *m = app->model[VIEW_BOOKINGS];
    for (int r = 0; r < h; r++)
        draw_text(w, y + r, 0, width, "", color_attr(ROLE_NORMAL));
    if (!m) {
        draw_text(w, y + 1, 1, width - 2, "waiting for the database…", color_attr(ROLE_NORMAL));
        return;
    }
    if (m->noaccess) {
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, m->noaccess, color_attr(ROLE_STATUS_WARN));
        return;
    }
    summary(w, y, width, m, !app->discovered && m->fs.updated == 0);
    if (h < 3)
        return;
    if (m->fs.error && m->nitems == 0 && !m->loading) {
        draw_wrapped(w, y + 2, 1, h - 2, width - 2, m->fs.error, color_attr(ROLE_STATUS_ERROR));
        return;
    }
    if (m->found.open) {
        draw_found(w, y + 1, h - 1, width, m, st->found_top);
        return;
    }
    if (m->detail.open) {
        bookings_detail_draw(w, y + 1, h - 1, width, m, st->detail_top);
        return;
    }
    switch (m->view) {
    case CAL_DAY:
        if (st->free_open) {
            draw_free(w, y + 1, h - 1, width, m);
            break;
        }
        draw_day(w, y + 1, h - 1, width, m, st);
        break;
    case CAL_WEEK:
        calendar_draw_week(w, y + 1, h - 1, width, m, st->week_top_hour);
        break;
    case CAL_MONTH:
        calendar_draw_month(w, y + 1, h - 1, width, m);
        break;
    case CAL_AGENDA:
        draw_agenda(w, y + 1, h - 1, width, m, st);
        break;
    }
}

static bool bk_action(struct Pane *p, struct App *app, enum Action a, int page)
{
    (void)page;
    struct BookingsModel *m = bookings_model(app);
    struct BkPaneState *st = state_of(p);
    if (m->found.open) {
        switch (a) {
        case ACT_UP:
        case ACT_DOWN:
        case ACT_SEARCH_NEXT:
        case ACT_SEARCH_PREV:
            bookings_found_move(app, a == ACT_DOWN || a == ACT_SEARCH_NEXT ? 1 : -1,
                                a == ACT_SEARCH_NEXT || a == ACT_SEARCH_PREV);
            return true;
        case ACT_OPEN:
            st->free_open = false;
            bookings_found_pick(app);
            return true;
        case ACT_BACK:
            return bookings_found_close(app);
        default:
            return false;
        }
    }
    if (m->detail.open) {
        switch (a) {
        case ACT_BACK:
        case ACT_OPEN:
            bookings_close_detail(app);
            return true;
        case ACT_DOWN:
            st->detail_top++;
            return true;
        case ACT_UP:
            st->detail_top -= st->detail_top > 0;
            return true;
        case ACT_OPEN_THREAD:
            bookings_open_thread(app);
            return true;
        default:
            return false;
        }
    }
    switch (a) {
    case ACT_VIEW_DAY:
    case ACT_VIEW_WEEK:
    case ACT_VIEW_MONTH:
    case ACT_VIEW_AGENDA:
        st->free_open = false;
        bookings_set_view(app, (enum CalView)(a - ACT_VIEW_DAY));
        return true;
    case ACT_LEFT:
        bookings_move_days(app, -1);
        return true;
    case ACT_RIGHT:
        bookings_move_days(app, 1);
        return true;
    case ACT_PERIOD_PREV:
    case ACT_PAGE_UP:
        bookings_move_period(app, -1);
        return true;
    case ACT_PERIOD_NEXT:
    case ACT_PAGE_DOWN:
        bookings_move_period(app, 1);
        return true;
    case ACT_TODAY:
        bookings_today(app);
        return true;
    case ACT_UP:
        bookings_select(app, -1);
        return true;
    case ACT_DOWN:
        bookings_select(app, 1);
        return true;
    case ACT_OPEN:
        if (m->view == CAL_MONTH) { /* the month's Enter opens the day under the cursor */
            bookings_set_view(app, CAL_DAY);
            return true;
        }
        st->detail_top = 0;
        bookings_open_detail(app);
        return true;
    case ACT_TOGGLE_CANCELLED:
        bookings_toggle_cancelled(app);
        return true;
    case ACT_FILTER_MASTER:
        bookings_cycle_master(app);
        return true;
    case ACT_FILTER_SERVICE:
        bookings_cycle_service(app);
        return true;
    case ACT_OPEN_THREAD:
        bookings_open_thread(app);
        return true;
    case ACT_FREE_SLOTS:
        st->free_open = m->view != CAL_DAY || !st->free_open;
        if (m->view != CAL_DAY)
            bookings_set_view(app, CAL_DAY);
        app->dirty = true;
        return true;
    case ACT_SEARCH_NEXT:
    case ACT_SEARCH_PREV:
        bookings_step_match(app, a == ACT_SEARCH_NEXT ? 1 : -1);
        return true;
    case ACT_BACK:
        if (st->free_open && m->view == CAL_DAY) {
            st->free_open = false;
            app->dirty = true;
            return true;
        }
        return bookings_clear_filter(app);
    default:
        return false;
    }
}

static void bk_done(struct Pane *p)
{
    XFREE(p->state);
}

const struct PaneOps bookings_calendar_pane = {
    .name = "bookings",
    .ctx = KCTX_BOOKINGS,
    .layout = bk_layout,
    .draw = bk_draw,
    .action = bk_action,
    .click = bk_click,
    .done = bk_done,
};
