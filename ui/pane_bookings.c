/* The Bookings tab: day, week, month and agenda views of the salon's calendar, and the detail of
 * one booking. Reads the model (src/model/bookings.h); actions call the model's functions. */
#include "config.h"

#include "ui/pane_bookings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/bookings.h"
#include "src/model/bookings_int.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/pane.h"
#include "ui/widget_calendar.h"

/* Where the last draw put each booking, for mouse clicks. */
struct BkHit {
    int y, x0, x1;
    char id[64];
};

#define BK_MAX_HITS 512

struct BkPaneState {
    int day_top; /* first slot row shown (minutes from midnight / slot) */
    int week_top_hour;
    int agenda_top;
    int detail_top;
    int pane_y; /* the screen line of the pane's first line */
    struct BkHit hits[BK_MAX_HITS];
    int nhits;
};

/* The state being drawn, so the views can record their hits without another parameter. */
static struct BkPaneState *drawing;

static void add_hit(int y, int x0, int x1, const char *id)
{
    if (!drawing || !id || drawing->nhits >= BK_MAX_HITS)
        return;
    struct BkHit *h = &drawing->hits[drawing->nhits++];
    h->y = y;
    h->x0 = x0;
    h->x1 = x1;
    snprintf(h->id, sizeof h->id, "%s", id);
}

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
    int conf = 0, canc = 0, confl = 0;
    for (int i = 0; i < m->nitems; i++) {
        int c = bookings_status_class(m->items[i].status);
        conf += c == 0;
        canc += c == 1 || c == 3;
        confl += m->items[i].conflict;
    }
    char s[512];
    int off = snprintf(s, sizeof s, "%s (%s): %d bookings · %d confirmed · %d cancelled/no-show",
                       period, tz_name(), m->nitems, conf, canc);
    if (confl && off > 0 && (size_t)off < sizeof s)
        off += snprintf(s + off, sizeof s - (size_t)off, " · %d in conflict", confl);
    if (m->ntotal > m->nitems && off > 0 && (size_t)off < sizeof s)
        snprintf(s + off, sizeof s - (size_t)off, " · %d hidden by filters", m->ntotal - m->nitems);
    const char *salon = m->salon_name ? m->salon_name : m->salon_id ? m->salon_id : NULL;
    int sw = 1 + draw_text(w, y, 1, width / 3, salon ? salon : "All salons",
                           color_attr(ROLE_LIST_HEADER) | A_BOLD);
    draw_text(w, y, sw, 3, " · ", color_attr(ROLE_LIST_DIM));
    sw += 3;
    const char *right = m->stale     ? "STALE"
                        : waiting    ? "waiting for the database…"
                        : m->loading ? "loading…"
                        : m->locked  ? "staff"
                                     : "";
    int rw = text_width(right) + 1;
    draw_text(w, y, sw, width - sw - rw, s, color_attr(ROLE_LIST_DIM));
    draw_text_right(w, y, width - rw, rw - 1, right,
                    m->stale ? color_attr(ROLE_STATUS_WARN) : color_attr(ROLE_NORMAL));
}

/* One booking in a day-view cell: time and customer, then service, then status. */
static void day_cell(WINDOW *w, int y, int x, int cw, int line, const struct BkItem *it, bool sel)
{
    attr_t a = sel ? color_attr(ROLE_LIST_CURSOR) : calendar_status_attr(it->status);
    if (line == 0) {
        char pre[16];
        tz_format_local(it->start, "%H:%M", pre, sizeof pre);
        char t[24];
        snprintf(t, sizeof t, "%s%s ", it->conflict ? "!" : "", pre);
        int u =
            draw_text(w, y, x, cw, t, it->conflict ? color_attr(ROLE_STATUS_ERROR) | A_BOLD : a);
        draw_text(w, y, x + u, cw - u, it->customer, a);
    } else if (line == 1) {
        draw_text(w, y, x, cw, it->service, a);
    } else if (line == 2) {
        draw_text(w, y, x, cw, it->status, a);
    } else {
        draw_text(w, y, x, cw, "", a);
    }
}

static void draw_day(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                     struct BkPaneState *st)
{
    int slot = m->slot_min > 0 ? m->slot_min : 30;
    int lo = 8 * 60 / slot, hi = 20 * 60 / slot; /* slots shown: 08:00-20:30 unless wider */
    int first, n = bookings_day_items(m, m->anchor, &first);
    for (int i = first; i < first + n; i++) {
        int s = local_minutes(m->items[i].start) / slot;
        lo = s < lo ? s : lo;
        hi = s > hi ? s : hi;
    }
    int ncols = m->nlanes > 0 ? m->nlanes : 1, tw = 6;
    int cw = (width - tw) / ncols, shown = ncols;
    if (cw < 14) {
        cw = 14;
        shown = (width - tw) / cw;
    }
    if (shown < 1)
        return;
    attr_t head = color_attr(ROLE_LIST_HEADER);
    draw_text(w, y, 0, tw, "", head);
    for (int c = 0; c < shown; c++) {
        const char *name = m->ngroups > c ? m->groups[c].name : "";
        char extra[24] = "";
        if (c == shown - 1 && shown < ncols)
            snprintf(extra, sizeof extra, "+%d more →", ncols - shown);
        int u = draw_text(w, y, tw + c * cw, cw - 1, name, head);
        if (extra[0])
            draw_text_right(w, y, tw + c * cw + u, cw - 1 - u, extra, head);
        draw_text(w, y, tw + c * cw + cw - 1, 1, "", head);
    }
    int rows = h - 1, nslots = hi - lo + 1;
    const struct BkItem *sel = bookings_selected(m);
    if (st->day_top < lo || st->day_top > hi)
        st->day_top = lo;
    if (sel && cal_cmp(sel->day, m->anchor) == 0) {
        int s = local_minutes(sel->start) / slot;
        if (s < st->day_top)
            st->day_top = s;
        if (s + 2 >= st->day_top + rows)
            st->day_top = s + 3 - rows;
    }
    if (st->day_top + rows > hi + 1)
        st->day_top = hi + 1 - rows;
    if (st->day_top < lo)
        st->day_top = lo;
    bool today = cal_cmp(m->anchor, cal_from_time(time(NULL))) == 0;
    int now_slot = today ? local_minutes(time(NULL)) / slot : -1;
    for (int r = 0; r < rows && r < nslots; r++) {
        int s = st->day_top + r, yy = y + 1 + r;
        char lab[32];
        snprintf(lab, sizeof lab, "%02d:%02d%s", s * slot / 60, s * slot % 60,
                 s == now_slot ? "▶" : " ");
        draw_text(w, yy, 0, tw, lab,
                  s == now_slot ? color_attr(ROLE_STATUS_WARN) | A_BOLD
                                : color_attr(ROLE_LIST_DIM));
        for (int c = 0; c < shown; c++) {
            /* The booking covering this slot in this column (the latest to start). */
            const struct BkItem *it = NULL;
            int line = 0;
            for (int i = first; i < first + n; i++) {
                const struct BkItem *b = &m->items[i];
                int bs = local_minutes(b->start) / slot;
                int span = (int)((b->end - b->start + slot * 60 - 1) / (slot * 60));
                if (b->lane == c && bs <= s && s < bs + (span < 1 ? 1 : span)) {
                    it = b;
                    line = s - bs;
                }
            }
            int x = tw + c * cw;
            if (it) {
                day_cell(w, yy, x, cw - 1, line, it, it == sel);
                add_hit(yy, x, x + cw - 1, it->id);
            } else
                draw_text(w, yy, x, cw - 1, s == now_slot ? "────────────────────────" : "",
                          s == now_slot ? color_attr(ROLE_STATUS_WARN) : color_attr(ROLE_NORMAL));
            draw_text(w, yy, x + cw - 1, 1, "│", color_attr(ROLE_LIST_DIM));
        }
    }
    if (n == 0 && rows > 2)
        draw_text(w, y + 2, tw + 2, width - tw - 4,
                  m->loading ? "loading…" : "No bookings this day. h/l: another day, w: the week",
                  color_attr(ROLE_LIST_DIM));
}

static void draw_agenda(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                        struct BkPaneState *st)
{
    /* Lines: a heading per day that has bookings, then its bookings. Find the cursor's line. */
    int total = 0, cur_line = -1;
    struct CalDate last = {0, 0, 0};
    for (int i = 0; i < m->nitems; i++) {
        if (cal_cmp(m->items[i].day, last) != 0) {
            last = m->items[i].day;
            total++;
        }
        if (i == m->cursor)
            cur_line = total;
        total++;
    }
    if (cur_line >= 0 && cur_line < st->agenda_top)
        st->agenda_top = cur_line > 0 ? cur_line - 1 : 0;
    if (cur_line >= st->agenda_top + h)
        st->agenda_top = cur_line - h + 1;
    int line = 0;
    last = (struct CalDate){0, 0, 0};
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
            char t[32], e[8];
            tz_format_local(it->start, "%H:%M", t, sizeof t);
            tz_format_local(it->end, "%H:%M", e, sizeof e);
            char tt[64];
            snprintf(tt, sizeof tt, "  %s%s–%s ", it->conflict ? "!" : " ", t, e);
            int x = draw_text(w, yy, 0, width, tt, a);
            add_hit(yy, 0, width, it->id);
            int rest = width - x, cw = rest / 4;
            x += draw_text(w, yy, x, cw, it->customer, a);
            x += draw_text(w, yy, x, 1, "", a);
            x += draw_text(w, yy, x, cw, it->service, a);
            x += draw_text(w, yy, x, 1, "", a);
            x += draw_text(w, yy, x, cw / 2 + 2, it->master ? it->master : it->salon, a);
            x += draw_text(w, yy, x, 1, "", a);
            x += draw_text(w, yy, x, 14, it->status,
                           i == m->cursor ? a : calendar_status_attr(it->status));
            draw_text(w, yy, x, width - x, it->code, a);
        }
        line++;
    }
    if (m->nitems == 0)
        draw_text(w, y + 1, 2, width - 4, m->loading ? "loading…" : "No bookings in these days.",
                  color_attr(ROLE_LIST_DIM));
}

static void bk_draw_views(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width);
static bool bk_action(struct Pane *p, struct App *app, enum Action a, int page);

static void bk_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width)
{
    struct BkPaneState *hs = state_of(p);
    hs->nhits = 0;
    hs->pane_y = y;
    drawing = hs;
    bk_draw_views(p, app, w, y, h, width);
    drawing = NULL;
}

/* A click on a booking selects it (a second click on it opens it). */
static void bk_click(struct Pane *p, struct App *app, int y, int x)
{
    struct BkPaneState *st = state_of(p);
    struct BookingsModel *m = bookings_model(app);
    int sy = st->pane_y + y;
    for (int i = 0; i < st->nhits; i++) {
        const struct BkHit *h = &st->hits[i];
        if (h->y != sy || x < h->x0 || x >= h->x1)
            continue;
        const struct BkItem *cur = bookings_selected(m);
        if (cur && cur->id && strcmp(cur->id, h->id) == 0)
            bk_action(p, app, ACT_OPEN, 1);
        else
            bk_set_selected(m, h->id);
        app->dirty = true;
        return;
    }
}

static void bk_draw_views(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width)
{
    struct BookingsModel *m = app->model[VIEW_BOOKINGS];
    struct BkPaneState *st = state_of(p);
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
    summary(w, y, width, m, !app->discovered && m->updated == 0);
    if (h < 3)
        return;
    if (m->error && m->nitems == 0 && !m->loading) {
        draw_wrapped(w, y + 2, 1, h - 2, width - 2, m->error, color_attr(ROLE_STATUS_ERROR));
        return;
    }
    if (m->detail.open) {
        bookings_detail_draw(w, y + 1, h - 1, width, m, &st->detail_top);
        return;
    }
    switch (m->view) {
    case CAL_DAY:
        draw_day(w, y + 1, h - 1, width, m, st);
        break;
    case CAL_WEEK:
        calendar_draw_week(w, y + 1, h - 1, width, m, &st->week_top_hour);
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
    .draw = bk_draw,
    .action = bk_action,
    .click = bk_click,
    .done = bk_done,
};
