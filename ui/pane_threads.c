/* The Threads tab: the conversation list, and the open thread as a chat pager. The pane keeps
 * its place in a thread by message sequence number and line, so pages arriving above or being
 * dropped below never move what is on screen. */
#include "config.h"

#include "ui/pane.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/threads.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/widget_chat.h"

struct ThreadsPane {
    struct TableView tv;
    int hits_top; /* first :find result on screen */
    int64_t top_seq;
    int top_line;
    int h, width; /* of the chat area when last drawn */
};

static struct ThreadsPane *state(struct Pane *p)
{
    if (!p->state)
        p->state = xcalloc(1, sizeof(struct ThreadsPane));
    return p->state;
}

/* --- the list -------------------------------------------------------------------------------- */

/* One column at x, at most cw cells and never past lim (the pane's width): a row never runs
 * onto the next line. A column with less than its minimum left is not drawn at all. */
static int cell(WINDOW *w, int y, int x, int cw, int lim, const char *raw, attr_t a, bool right)
{
    int min = cw < 4 ? cw : 4;
    if (cw <= 0 || lim - x < min || lim - x <= 0)
        return x;
    if (cw > lim - x)
        cw = lim - x;
    if (right)
        draw_text_right(w, y, x, cw, raw, a);
    else
        draw_text(w, y, x, cw, raw, a);
    return x + cw + 1;
}

/* The list's column widths for a pane width: the last message's time is shortened and the
 * optional columns are left out as the width shrinks; the message text takes what is left. */
struct ListCols {
    int wl, wp, wc, ws, wn, wst, wa, wprev;
    const char *time_fmt;
};

static void list_cols(int width, bool all_salons, struct ListCols *c)
{
    bool narrow = width < 70;
    c->time_fmt = narrow ? "%m-%d %H:%M" : "%Y-%m-%d %H:%M";
    c->wl = narrow ? 11 : 16;
    c->wp = 15;
    c->wc = width >= 100 ? 20 : 14;
    c->ws = all_salons && width >= 120 ? 18 : 0;
    c->wn = 6;
    c->wst = width >= 70 ? 8 : 0;
    c->wa = width >= 110 ? 16 : 0;
    int fixed = 4 + c->wl + 1 + c->wp + 1 + c->wc + 1 + (c->ws ? c->ws + 1 : 0) + c->wn + 1 +
                (c->wst ? c->wst + 1 : 0) + (c->wa ? c->wa + 1 : 0);
    c->wprev = width - fixed - 1;
}

static void draw_list(const struct ThreadsPane *st, struct ThreadsModel *m, WINDOW *w, int y, int h,
                      int width)
{
    bool utf8 = text_is_utf8();
    char sum[256], right[160] = "";
    snprintf(sum, sizeof sum, "%s%s%d conversations, newest first  %s unanswered  %s failed  A AI",
             m->salon ? "" : "All salons: ", "", m->nconvs, utf8 ? "●" : "*", utf8 ? "✗" : "x");
    if (m->list_fs.stale) {
        char t[16];
        tz_format_local(m->list_fs.updated, "%H:%M:%S", t, sizeof t);
        snprintf(right, sizeof right, "STALE: data from %s", t);
    } else if (m->filter) {
        snprintf(right, sizeof right, "%d of %d match /", m->nvisible, m->nconvs);
    } else if (m->list_loading && !m->list_loaded) {
        snprintf(right, sizeof right, "loading…");
    }
    int rw = right[0] ? (int)strlen(right) + 2 + (m->filter ? 20 : 0) : 0;
    if (rw > width / 2)
        rw = width / 2;
    int sx = 1;
    if (m->salon) { /* the salon as given: the first convs row knows its name */
        const char *name = m->nconvs && m->convs[0].salon ? m->convs[0].salon : m->salon;
        sx = 1 + draw_text(w, y, 1, width / 3, name, color_attr(ROLE_LIST_HEADER)) + 2;
    }
    draw_text(w, y, sx, width - sx - rw, sum, color_attr(ROLE_LIST_DIM));
    if (rw) {
        char *r = m->filter ? xasprintf("%s%s", right, m->filter) : xstrdup(right);
        draw_text_right(w, y, width - rw, rw - 1, r,
                        m->list_fs.stale ? color_attr(ROLE_STATUS_WARN) : color_attr(ROLE_NORMAL));
        free(r);
    }
    if (h < 3)
        return;
    if (!m->list_loaded) {
        draw_wrapped(w, y + 2, 1, h - 2, width - 2,
                     m->list_fs.error ? m->list_fs.error : "loading conversations…",
                     m->list_fs.error ? color_attr(ROLE_STATUS_ERROR) : color_attr(ROLE_NORMAL));
        return;
    }
    struct ListCols lc;
    list_cols(width, !m->salon, &lc);
    attr_t hdr = color_attr(ROLE_LIST_HEADER);
    int x = 4;
    draw_fill(w, y + 1, 0, width, hdr);
    x = cell(w, y + 1, x, lc.wl, width, lc.wl >= 12 ? "Last message" : "Last", hdr, false);
    x = cell(w, y + 1, x, lc.wp, width, "Phone", hdr, false);
    x = cell(w, y + 1, x, lc.wc, width, "Customer", hdr, false);
    x = cell(w, y + 1, x, lc.ws, width, "Salon", hdr, false);
    x = cell(w, y + 1, x, lc.wn, width, "Msgs", hdr, true);
    x = cell(w, y + 1, x, lc.wst, width, "Status", hdr, false);
    x = cell(w, y + 1, x, lc.wa, width, "AI tokens/cost", hdr, false);
    cell(w, y + 1, x, lc.wprev, width, "Last message text", hdr, false);

    int rows = h - 2;
    if (m->nvisible == 0) {
        draw_wrapped(w, y + 2, 1, 1, width - 2,
                     m->filter ? "no conversation matches the filter (Esc clears it)"
                               : "no conversations",
                     color_attr(ROLE_LIST_DIM));
        return;
    }
    for (int i = 0; i < rows && st->tv.top + i < m->nvisible; i++) {
        int vi = st->tv.top + i;
        const struct ThreadConv *c = &m->convs[m->visible[vi]];
        int ry = y + 2 + i;
        attr_t a = vi == st->tv.cursor ? color_attr(ROLE_LIST_CURSOR)
                   : m->list_fs.stale  ? color_attr(ROLE_STALE)
                                       : color_attr(ROLE_NORMAL);
        draw_fill(w, ry, 0, width, a);
        wattrset(w, (int)a);
        mvwaddstr(w, ry, 0, c->unanswered ? (utf8 ? "●" : "*") : " ");
        if (c->failed) {
            attr_t fa = vi == st->tv.cursor ? a : color_attr(ROLE_STATUS_ERROR);
            wattrset(w, (int)fa);
            mvwaddstr(w, ry, 1, utf8 ? "✗" : "x");
        }
        wattrset(w, (int)a);
        mvwaddstr(w, ry, 2, c->ai ? "A" : " ");
        char t[32], n[24], ai[64] = "";
        tz_format_local(c->last, lc.time_fmt, t, sizeof t);
        snprintf(n, sizeof n, "%ld%s", c->messages, c->approx ? "+" : "");
        if (c->ai)
            snprintf(ai, sizeof ai, "%.20s/%.20s", c->ai_tokens, c->ai_cost ? c->ai_cost : "?");
        x = 4;
        x = cell(w, ry, x, lc.wl, width, t, a, false);
        x = cell(w, ry, x, lc.wp, width, c->phone, a, false);
        x = cell(w, ry, x, lc.wc, width, c->customer, a, false);
        x = cell(w, ry, x, lc.ws, width, c->salon, a, false);
        x = cell(w, ry, x, lc.wn, width, n, a, true);
        x = cell(w, ry, x, lc.wst, width, c->status ? c->status : "-", a, false);
        x = cell(w, ry, x, lc.wa, width, ai, a, false);
        struct ThreadMsg pm = {.type = c->last_type};
        threads_msg_text(&pm, c->preview, NULL);
        pm.type = NULL;
        cell(w, ry, x, lc.wprev, width, pm.text, a, false);
        threads_msg_clear(&pm);
    }
}

/* --- :find results --------------------------------------------------------------------------- */

static void draw_hit(struct ThreadsModel *m, int i, WINDOW *w, int ry, int width,
                     const struct ListCols *lc)
{
    const struct ThreadHit *hit = &m->hits[i];
    attr_t a = i == m->find_cursor ? color_attr(ROLE_LIST_CURSOR) : color_attr(ROLE_NORMAL);
    draw_fill(w, ry, 0, width, a);
    char t[32], n[16];
    tz_format_local(hit->t, lc->time_fmt, t, sizeof t);
    snprintf(n, sizeof n, "%d", hit->thread_hits);
    int x = cell(w, ry, 1, lc->wl, width, t, a, false);
    x = cell(w, ry, x, lc->wp, width, hit->phone, a, false);
    x = cell(w, ry, x, lc->wc, width, hit->customer ? hit->customer : "", a, false);
    x = cell(w, ry, x, 4, width, n, a, true);
    cell(w, ry, x, width - x - 1, width, hit->snippet, a, false);
}

/* The hits of :find, newest first: the time, the thread (phone and customer), how many of the
 * hits are in that thread, and the text around the match. */
static void draw_hits(const struct ThreadsPane *st, struct ThreadsModel *m, WINDOW *w, int y, int h,
                      int width)
{
    char sum[256];
    snprintf(sum, sizeof sum,
             ":find %s: %d%s hits, newest first  n/N move  Enter opens  Esc closes",
             m->find_text ? m->find_text : "", m->nhits, m->find_more ? "+" : "");
    draw_text(w, y, 1, width - 2, sum, color_attr(ROLE_LIST_DIM));
    if (h < 3)
        return;
    struct ListCols lc;
    list_cols(width, false, &lc);
    attr_t hdr = color_attr(ROLE_LIST_HEADER);
    draw_fill(w, y + 1, 0, width, hdr);
    int x = cell(w, y + 1, 1, lc.wl, width, lc.wl >= 12 ? "Message time" : "Time", hdr, false);
    x = cell(w, y + 1, x, lc.wp, width, "Phone", hdr, false);
    x = cell(w, y + 1, x, lc.wc, width, "Customer", hdr, false);
    x = cell(w, y + 1, x, 4, width, "Hits", hdr, true);
    cell(w, y + 1, x, width - x - 1, width, "Text", hdr, false);
    int rows = h - 2;
    for (int i = 0; i < rows && st->hits_top + i < m->nhits; i++)
        draw_hit(m, st->hits_top + i, w, y + 2 + i, width, &lc);
}

static bool hits_action(struct App *app, struct ThreadsModel *m, enum Action a, int page)
{
    switch (a) {
    case ACT_DOWN:
    case ACT_SEARCH_NEXT:
        threads_find_move(app, 1);
        return true;
    case ACT_UP:
    case ACT_SEARCH_PREV:
        threads_find_move(app, -1);
        return true;
    case ACT_PAGE_DOWN:
        threads_find_move(app, page > 2 ? page - 2 : 1);
        return true;
    case ACT_PAGE_UP:
        threads_find_move(app, -(page > 2 ? page - 2 : 1));
        return true;
    case ACT_TOP:
        threads_find_move(app, -m->nhits);
        return true;
    case ACT_BOTTOM:
        threads_find_move(app, m->nhits);
        return true;
    case ACT_OPEN:
        threads_find_open(app);
        return true;
    case ACT_OPEN_BOOKINGS:
        if (m->find_cursor < m->nhits)
            app_open(app, VIEW_BOOKINGS, m->hits[m->find_cursor].salon_id,
                     m->hits[m->find_cursor].phone);
        return true;
    case ACT_BACK:
        threads_find_close(app);
        return true;
    default:
        return false;
    }
}

/* --- the thread ------------------------------------------------------------------------------ */

static int lines_of(struct ThreadsModel *m, int64_t seq, int width)
{
    struct ThreadMsg *msg = threads_msg(m, seq);
    return msg ? chat_msg_lines(msg, threads_msg(m, seq - 1), width) : 0;
}

/* Moves (top_seq, top_line) by delta lines within the loaded window. */
static void move_lines(struct ThreadsPane *st, struct ThreadsModel *m, int delta, int width)
{
    int64_t first = m->base, last = m->base + m->nmsgs - 1;
    if (st->top_seq < first) {
        st->top_seq = first;
        st->top_line = 0;
    } else if (st->top_seq > last) {
        st->top_seq = last;
        st->top_line = 0;
    }
    st->top_line += delta;
    while (st->top_line < 0 && st->top_seq > first) {
        st->top_seq--;
        st->top_line += lines_of(m, st->top_seq, width);
    }
    if (st->top_line < 0)
        st->top_line = 0;
    while (st->top_seq < last && st->top_line >= lines_of(m, st->top_seq, width)) {
        st->top_line -= lines_of(m, st->top_seq, width);
        st->top_seq++;
    }
    if (st->top_seq == last && st->top_line >= lines_of(m, last, width))
        st->top_line = lines_of(m, last, width) - 1;
}

/* Scrolls, and leaves no empty space below the newest message when nothing newer exists. */
static void chat_scroll(struct ThreadsPane *st, struct ThreadsModel *m, int delta, int h, int width)
{
    if (m->nmsgs == 0)
        return;
    move_lines(st, m, delta, width);
    if (m->has_newer)
        return;
    int64_t last = m->base + m->nmsgs - 1;
    int below = lines_of(m, st->top_seq, width) - st->top_line;
    for (int64_t s = st->top_seq + 1; s <= last && below < h; s++)
        below += lines_of(m, s, width);
    if (below < h)
        move_lines(st, m, -(h - below), width);
}

static void apply_pos(struct ThreadsPane *st, struct ThreadsModel *m, int h, int width)
{
    if (m->nmsgs == 0 || m->pos == POS_KEEP)
        return;
    switch (m->pos) {
    case POS_BOTTOM:
        st->top_seq = m->base + m->nmsgs - 1;
        st->top_line = 0;
        chat_scroll(st, m, lines_of(m, st->top_seq, width) - h, h, width);
        break;
    case POS_TOP:
        st->top_seq = m->base;
        st->top_line = 0;
        break;
    case POS_SEQ:
        st->top_seq = m->pos_seq;
        st->top_line = 0;
        chat_scroll(st, m, -(h / 3), h, width);
        break;
    case POS_KEEP:
        break;
    }
    m->pos = POS_KEEP;
}

/* The day of the top line on screen, in the display zone (with its name when there is room). */
static void top_day(const struct ThreadsPane *st, struct ThreadsModel *m, bool zone, char *buf,
                    size_t size)
{
    buf[0] = '\0';
    const struct ThreadMsg *top = m->nmsgs ? threads_msg(m, st->top_seq) : NULL;
    if (!top)
        return;
    char d[48];
    tz_format_local(top->t, "%a %d %b %Y", d, sizeof d);
    if (zone)
        snprintf(buf, size, "%s (%s)", d, tz_name());
    else
        snprintf(buf, size, "%s", d);
}

/* The header: who (the customer's name and phone), where (the salon), the day of the messages
 * on screen, and what the pager is doing. */
static void draw_thread_header(const struct ThreadsPane *st, struct ThreadsModel *m, WINDOW *w,
                               int y, int width)
{
    attr_t hdr = color_attr(ROLE_LIST_HEADER);
    draw_fill(w, y, 0, width, hdr);
    char day[96], right[256];
    top_day(st, m, width >= 60, day, sizeof day);
    snprintf(right, sizeof right, "%s%s%s%s",
             m->loading_reset || m->loading_older || m->loading_newer ? "loading…  " : "",
             m->show_ai ? "AI shown  " : "", m->has_older ? "" : "start of conversation  ", day);
    char *r = m->search ? xasprintf("/%s n/N  %s", m->search, right) : xstrdup(right);
    char *safe = text_safe(r, (size_t)-1, 0);
    int rw = text_width(safe) + 1;
    free(safe);
    int room = width - 2 - (width >= 60 ? 24 : 14); /* what the left side keeps at least */
    if (rw > room)
        rw = room > 0 ? room : 0;
    int lim = width - rw - 1, x = 1;
    if (m->t_phone && lim - x > 2)
        x += draw_text(w, y, x, lim - x, m->t_phone, hdr | A_BOLD) + 2;
    if (m->t_customer && lim - x > 2)
        x += draw_text(w, y, x, lim - x, m->t_customer, hdr | A_BOLD) + 2;
    const char *salon = m->t_salon_name ? m->t_salon_name : m->t_salon;
    if (salon && lim - x > 4) {
        char *at = xasprintf("@ %s", salon);
        draw_text(w, y, x, lim - x, at, hdr);
        free(at);
    }
    if (rw > 0)
        draw_text_right(w, y, width - rw, rw - 1, r, hdr);
    free(r);
}

static void draw_thread(const struct ThreadsPane *st, struct ThreadsModel *m, WINDOW *w, int y,
                        int h, int width)
{
    int ch = h - 1, cy = y + 1;
    if (ch < 1 || m->nmsgs == 0) {
        draw_thread_header(st, m, w, y, width);
        if (ch >= 1)
            draw_wrapped(w, cy + 1, 1, ch - 1, width - 2,
                         m->thread_error    ? m->thread_error
                         : m->loading_reset ? "loading messages…"
                                            : "no messages in this conversation",
                         m->thread_error ? color_attr(ROLE_STATUS_ERROR)
                                         : color_attr(ROLE_LIST_DIM));
        return;
    }
    draw_thread_header(st, m, w, y, width);
    int64_t seq = st->top_seq;
    int line = st->top_line;
    for (int i = 0; i < ch; i++) {
        struct ThreadMsg *msg = threads_msg(m, seq);
        if (!msg) {
            draw_fill(w, cy + i, 0, width, color_attr(ROLE_NORMAL));
            continue;
        }
        chat_draw_line(w, cy + i, width, msg, threads_msg(m, seq - 1), line, m->search,
                       seq == m->hit_seq);
        if (++line >= lines_of(m, seq, width)) {
            seq++;
            line = 0;
        }
    }
}

/* The last message that shows in h lines from the top. */
static int64_t last_on_screen(struct ThreadsPane *st, struct ThreadsModel *m, int h, int width)
{
    int64_t seq = st->top_seq, last = seq;
    int y = -st->top_line;
    for (; y < h && threads_msg(m, seq); seq++) {
        last = seq;
        y += lines_of(m, seq, width);
    }
    return last;
}

/* Before drawing: the list's cursor and scroll kept in range; in a thread, the place the model
 * asked for taken, the scroll kept within the messages, and the messages on screen reported
 * (the model fetches or drops pages from that). */
static void threads_layout(struct Pane *p, struct App *app, int h, int width)
{
    struct ThreadsPane *st = state(p);
    struct ThreadsModel *m = threads_model(app, p->view);
    int rows = h - 2; /* below the summary and the header */
    if (rows < 1)
        rows = 1;
    if (st->tv.cursor >= m->nvisible)
        st->tv.cursor = m->nvisible > 0 ? m->nvisible - 1 : 0;
    if (st->tv.cursor < st->tv.top)
        st->tv.top = st->tv.cursor;
    if (st->tv.cursor >= st->tv.top + rows)
        st->tv.top = st->tv.cursor - rows + 1;
    if (m->find_cursor < st->hits_top)
        st->hits_top = m->find_cursor;
    if (m->find_cursor >= st->hits_top + rows)
        st->hits_top = m->find_cursor - rows + 1;
    int ch = h - 1;
    if (!m->in_thread || m->noaccess || m->nmsgs == 0 || ch < 1)
        return;
    st->width = width;
    st->h = ch;
    apply_pos(st, m, ch, width);
    chat_scroll(st, m, 0, ch, width);
    threads_viewport(app, st->top_seq, last_on_screen(st, m, ch, width));
}

/* --- the pane -------------------------------------------------------------------------------- */

static void threads_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width)
{
    struct ThreadsPane *st = state(p);
    struct ThreadsModel *m = threads_model(app, p->view);
    for (int i = 0; i < h; i++)
        draw_fill(w, y + i, 0, width, color_attr(ROLE_NORMAL));
    if (h < 1)
        return;
    if (m->noaccess) {
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, m->noaccess, color_attr(ROLE_STATUS_WARN));
        return;
    }
    if (!app->discovered && !m->list_loaded && !m->in_thread) {
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, "waiting for the database…",
                     color_attr(ROLE_NORMAL));
        return;
    }
    if (m->in_thread)
        draw_thread(st, m, w, y, h, width);
    else if (m->find_open)
        draw_hits(st, m, w, y, h, width);
    else
        draw_list(st, m, w, y, h, width);
}

/* The fold key acts on the search hit when it is on screen and long, else on the first long
 * message that shows on screen (from the top line). */
static void toggle_fold(struct ThreadsPane *st, struct App *app, struct ThreadsModel *m, int h,
                        int width)
{
    struct ThreadMsg *hit = threads_msg(m, m->hit_seq);
    if (hit && m->hit_seq >= st->top_seq && m->hit_seq <= m->view_last &&
        chat_msg_foldable(hit, width)) {
        threads_toggle_fold(app, m->hit_seq);
        return;
    }
    int y = -st->top_line;
    for (int64_t s = st->top_seq; y < h; s++) {
        struct ThreadMsg *msg = threads_msg(m, s);
        if (!msg)
            break;
        if (chat_msg_foldable(msg, width)) {
            threads_toggle_fold(app, s);
            if (s == st->top_seq && st->top_line >= lines_of(m, s, width))
                st->top_line = 0; /* the fold took the line on top: its message's first */
            return;
        }
        y += lines_of(m, s, width);
    }
    app_message(app, MSG_INFO, "no long message on screen to fold or unfold");
}

static bool thread_action(struct ThreadsPane *st, struct App *app, struct ThreadsModel *m,
                          enum Action a, int page)
{
    int h = st->h > 0 ? st->h : page, width = st->width > 0 ? st->width : 80;
    switch (a) {
    case ACT_DOWN:
        chat_scroll(st, m, 1, h, width);
        return true;
    case ACT_UP:
        chat_scroll(st, m, -1, h, width);
        return true;
    case ACT_PAGE_DOWN:
        chat_scroll(st, m, h > 2 ? h - 1 : 1, h, width);
        return true;
    case ACT_PAGE_UP:
        chat_scroll(st, m, -(h > 2 ? h - 1 : 1), h, width);
        return true;
    case ACT_TOP:
        threads_go_oldest(app);
        return true;
    case ACT_BOTTOM:
        threads_go_newest(app);
        return true;
    case ACT_SEARCH_NEXT:
    case ACT_SEARCH_PREV:
        threads_search_step(app, a == ACT_SEARCH_PREV);
        return true;
    case ACT_TOGGLE_AI:
        threads_toggle_ai(app);
        return true;
    case ACT_FOLD:
    case ACT_OPEN:
        toggle_fold(st, app, m, h, width);
        return true;
    case ACT_OPEN_BOOKINGS:
        app_open(app, VIEW_BOOKINGS, m->t_salon, m->t_phone);
        return true;
    case ACT_BACK:
        if (m->search) {
            app_set_filter(app, NULL);
            return true;
        }
        threads_close(app);
        return true;
    default:
        return false;
    }
}

static bool threads_action(struct Pane *p, struct App *app, enum Action a, int page)
{
    struct ThreadsPane *st = state(p);
    struct ThreadsModel *m = threads_model(app, p->view);
    if (m->in_thread)
        return thread_action(st, app, m, a, page);
    if (m->find_open)
        return hits_action(app, m, a, page);
    switch (a) {
    case ACT_OPEN:
        threads_open_conv(app, st->tv.cursor);
        return true;
    case ACT_OPEN_BOOKINGS:
        if (st->tv.cursor < m->nvisible) {
            const struct ThreadConv *c = &m->convs[m->visible[st->tv.cursor]];
            app_open(app, VIEW_BOOKINGS, c->salon_id, c->phone);
        }
        return true;
    case ACT_TOGGLE_AI:
        threads_toggle_ai(app);
        return true;
    case ACT_BACK:
        if (m->filter) {
            app_set_filter(app, NULL);
            return true;
        }
        return false;
    default:
        return table_move(&st->tv, a, m->nvisible, page);
    }
}

static void threads_done(struct Pane *p)
{
    XFREE(p->state);
}

/* A click on a conversation selects it; a second click on it opens it. */
static void threads_click(struct Pane *p, struct App *app, int y, int x)
{
    (void)x;
    struct ThreadsPane *st = state(p);
    struct ThreadsModel *m = threads_model(app, p->view);
    if (m->in_thread || y < 2)
        return;
    if (m->find_open) { /* the same for a :find hit */
        int hi = st->hits_top + y - 2;
        if (hi < m->nhits && hi == m->find_cursor)
            threads_find_open(app);
        else if (hi < m->nhits)
            threads_find_move(app, hi - m->find_cursor);
        return;
    }
    int vi = st->tv.top + y - 2; /* the summary and the header come first */
    if (vi >= m->nvisible)
        return;
    if (vi == st->tv.cursor)
        threads_action(p, app, ACT_OPEN, 1);
    else
        st->tv.cursor = vi;
    app->dirty = true;
}

const struct PaneOps pane_threads = {
    .name = "threads",
    .ctx = KCTX_THREADS,
    .draw = threads_draw,
    .layout = threads_layout,
    .action = threads_action,
    .click = threads_click,
    .done = threads_done,
};
