/* The Threads tab's model operations: what it asks the server and when, and what it does with
 * the answers. Results of a thread that is no longer shown are dropped by generation. */
#include "config.h"

#include "src/model/threads.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/app.h"
#include "src/queries/threads_sql.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

enum ReqKind { REQ_LIST, REQ_PAGE, REQ_FIND, REQ_SEARCH };

struct Req {
    struct App *app;
    enum ViewId v;
    enum ReqKind kind;
    unsigned gen;
    enum ThreadPageDir dir;
    int where;
    bool tail;       /* a poll for new messages at the bottom */
    bool was_bottom; /* the screen showed the last message when the poll was sent */
    char *text;      /* :find / search text */
    char *edge;      /* search: "created_utc\nid" of the message it looked before */
};

struct ThreadsModel *threads_model(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = app->model[v];
    if (!m) {
        m = xcalloc(1, sizeof *m);
        m->salon = app->opt.salon ? xstrdup(app->opt.salon) : NULL;
        m->hit_seq = -1;
        m->view_first = m->view_last = THREADS_NO_VIEW;
        app->model[v] = m;
    }
    return m;
}

static void req_free(struct Req *r)
{
    free(r->text);
    free(r->edge);
    free(r);
}

static struct Req *req_new(struct App *app, enum ViewId v, enum ReqKind kind)
{
    struct Req *r = xcalloc(1, sizeof *r);
    r->app = app;
    r->v = v;
    r->kind = kind;
    r->gen = threads_model(app, v)->gen;
    return r;
}

static void thread_names(struct ThreadsModel *m);

/* A search hit is shown whole, or it could sit in the folded part of its message. */
static void unfold_hit(struct ThreadsModel *m)
{
    struct ThreadMsg *msg = threads_msg(m, m->hit_seq);
    if (msg)
        msg->unfolded = true;
}

/* The search found nothing further in the thread; from a :find, its other hits are a step away. */
static void no_more_hits(struct App *app, const struct ThreadsModel *m, const char *text)
{
    app_message(app, MSG_INFO, "no more messages match /%s%s", text,
                m->find_open ? " (Esc twice: the other :find hits)" : "");
}

static void report(struct App *app, const char *what, struct DbResult *res)
{
    if (!res->lost)
        app_message(app, MSG_ERROR, "%s: %s", what, res->error ? res->error : "query failed");
}

/* --- the list -------------------------------------------------------------------------------- */

static void on_list(void *ud, struct DbResult *res)
{
    struct Req *r = ud;
    struct App *app = r->app;
    struct ThreadsModel *m = threads_model(app, r->v);
    m->list_loading = false;
    m->next_due = app_next_refresh(app, db_now_ms(), res->elapsed_ms);
    if (fetch_settle(&m->list_fs, res, time(NULL)) == FETCH_OK) {
        threads_set_list(m, res->rows);
        thread_names(m);
        m->list_loaded = true;
    } else {
        report(app, "threads", res);
    }
    m->version++;
    app->dirty = true;
    req_free(r);
}

static void submit_list(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    if (!app->discovered || m->list_loading || m->noaccess)
        return;
    struct Query q;
    char *why = NULL;
    if (!threads_sql_list(&app->schema, m->salon, time(NULL), THREADS_LIST_MAX, &q, &why)) {
        free(m->noaccess);
        m->noaccess = why;
        query_free(&q);
        return;
    }
    fetch_query(&app->fetch, &q, on_list, req_new(app, v, REQ_LIST));
    query_free(&q);
    m->list_loading = true;
    m->next_due = db_now_ms() + app->refresh_ms;
}

/* --- thread pages ---------------------------------------------------------------------------- */

static void on_page(void *ud, struct DbResult *res)
{
    struct Req *r = ud;
    struct App *app = r->app;
    struct ThreadsModel *m = threads_model(app, r->v);
    if (r->gen != m->gen) { /* another thread (or page set) since: drop it */
        req_free(r);
        return;
    }
    if (r->where == THREADS_REPLACE)
        m->loading_reset = false;
    else if (r->where == THREADS_PREPEND)
        m->loading_older = false;
    else
        m->loading_newer = false;
    if (!res->ok) {
        free(m->thread_error);
        m->thread_error = xstrdup(res->lost ? "connection lost" : res->error);
        report(app, "thread", res);
        if (r->where == THREADS_REPLACE)
            m->has_older = m->has_newer = false;
        m->version++;
        app->dirty = true;
        req_free(r);
        return;
    }
    XFREE(m->thread_error);
    m->page_ms = res->elapsed_ms;
    bool newest_first = r->dir != PAGE_OLDEST && r->dir != PAGE_NEWER;
    int n = threads_add_page(m, res->rows, r->where, newest_first);
    bool full = n >= THREADS_PAGE;
    switch (r->dir) {
    case PAGE_NEWEST:
        m->has_older = full;
        m->has_newer = false;
        break;
    case PAGE_OLDEST:
        m->has_older = false;
        m->has_newer = full;
        break;
    case PAGE_AT:
        m->has_older = full;
        m->has_newer = true;
        m->pos = POS_SEQ;
        m->pos_seq = m->base + m->nmsgs - 1;
        if (m->search) {
            m->hit_seq = m->pos_seq;
            unfold_hit(m);
        }
        break;
    case PAGE_OLDER:
        m->has_older = full;
        break;
    case PAGE_NEWER:
        m->has_newer = r->tail ? false : full;
        if (r->tail && n > 0 && r->was_bottom)
            m->pos = POS_BOTTOM;
        break;
    }
    threads_settle(m);
    m->version++;
    app->dirty = true;
    req_free(r);
}

static void submit_page(struct App *app, enum ViewId v, enum ThreadPageDir dir, int where,
                        const struct ThreadMsg *cursor, bool tail)
{
    struct ThreadsModel *m = threads_model(app, v);
    struct Query q;
    char *why = NULL;
    if (!threads_sql_page(&app->schema, m->t_salon, m->t_phone, m->show_ai, dir,
                          cursor ? cursor->created_utc : NULL, cursor ? cursor->id : NULL,
                          THREADS_PAGE, &q, &why)) {
        free(m->thread_error);
        m->thread_error = why;
        query_free(&q);
        return;
    }
    struct Req *r = req_new(app, v, REQ_PAGE);
    r->dir = dir;
    r->where = where;
    r->tail = tail;
    r->was_bottom = m->nmsgs > 0 && m->view_last >= m->base + m->nmsgs - 1;
    fetch_query(&app->fetch, &q, on_page, r);
    query_free(&q);
    if (where == THREADS_REPLACE)
        m->loading_reset = true;
    else if (where == THREADS_PREPEND)
        m->loading_older = true;
    else
        m->loading_newer = true;
}

/* Replaces the window: a new generation, so pages in flight for the old one are dropped. */
static void reset_window(struct ThreadsModel *m)
{
    m->gen++;
    threads_add_page(m, NULL, THREADS_REPLACE, true);
    m->has_older = m->has_newer = false;
    m->loading_older = m->loading_newer = m->loading_reset = false;
    m->hit_seq = -1;
    XFREE(m->thread_error);
}

static void load_at(struct App *app, enum ViewId v, const char *created_utc, const char *id)
{
    struct ThreadsModel *m = threads_model(app, v);
    struct ThreadMsg cur = {.created_utc = (char *)created_utc, .id = (char *)id};
    reset_window(m);
    submit_page(app, v, PAGE_AT, THREADS_REPLACE, &cur, false);
}

static const struct ThreadConv *conv_of(struct ThreadsModel *m, const char *salon,
                                        const char *phone)
{
    for (int i = 0; i < m->nconvs; i++) {
        const struct ThreadConv *c = &m->convs[i];
        if (c->phone && strcmp(c->phone, phone) == 0 &&
            (!salon || (c->salon_id && strcmp(c->salon_id, salon) == 0) ||
             (c->salon && strcmp(c->salon, salon) == 0)))
            return c;
    }
    return NULL;
}

/* The open thread's customer and salon names, from its row of the list once that is loaded. */
static void thread_names(struct ThreadsModel *m)
{
    if (!m->in_thread || !m->t_phone || (m->t_customer && m->t_salon_name))
        return;
    const struct ThreadConv *c = conv_of(m, m->t_salon, m->t_phone);
    if (!c)
        return;
    if (!m->t_customer && c->customer)
        m->t_customer = xstrdup(c->customer);
    if (!m->t_salon_name && c->salon)
        m->t_salon_name = xstrdup(c->salon);
}

static void thread_start(struct App *app, enum ViewId v, const char *salon, const char *phone)
{
    struct ThreadsModel *m = threads_model(app, v);
    char *s = salon ? xstrdup(salon) : NULL, *p = xstrdup(phone);
    free(m->t_salon);
    free(m->t_phone);
    XFREE(m->t_customer);
    XFREE(m->t_salon_name);
    m->t_salon = s;
    m->t_phone = p;
    m->in_thread = true;
    thread_names(m);
    reset_window(m);
    XFREE(m->search);
    XFREE(m->search_none_before);
    m->view_first = m->view_last = THREADS_NO_VIEW;
    m->next_tail = db_now_ms() + app->refresh_ms;
}

static void thread_open(struct App *app, enum ViewId v, const char *salon, const char *phone)
{
    thread_start(app, v, salon, phone);
    threads_model(app, v)->pos = POS_BOTTOM;
    submit_page(app, v, PAGE_NEWEST, THREADS_REPLACE, NULL, false);
    app->dirty = true;
}

void threads_open_conv(struct App *app, int visible_index)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    if (visible_index < 0 || visible_index >= m->nvisible)
        return;
    const struct ThreadConv *c = &m->convs[m->visible[visible_index]];
    if (c->phone)
        thread_open(app, VIEW_THREADS, c->salon_id, c->phone);
}

void threads_close(struct App *app)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    m->in_thread = false;
    reset_window(m);
    XFREE(m->search);
    XFREE(m->search_none_before);
    m->next_due = 0; /* the list may have moved on */
    app->dirty = true;
}

void threads_viewport(struct App *app, int64_t first, int64_t last)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    m->view_first = first;
    m->view_last = last;
    if (!m->in_thread || m->loading_reset || m->nmsgs == 0 || !app->discovered)
        return;
    if (m->has_older && !m->loading_older && first - m->base < THREADS_PREFETCH)
        submit_page(app, VIEW_THREADS, PAGE_OLDER, THREADS_PREPEND, &m->msgs[0], false);
    if (m->has_newer && !m->loading_newer && m->base + m->nmsgs - 1 - last < THREADS_PREFETCH)
        submit_page(app, VIEW_THREADS, PAGE_NEWER, THREADS_APPEND, &m->msgs[m->nmsgs - 1], false);
    threads_settle(m);
}

void threads_go_newest(struct App *app)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    m->pos = POS_BOTTOM;
    if (!m->has_newer && !m->loading_reset)
        return;
    reset_window(m);
    submit_page(app, VIEW_THREADS, PAGE_NEWEST, THREADS_REPLACE, NULL, false);
}

void threads_go_oldest(struct App *app)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    m->pos = POS_TOP;
    if (!m->has_older && !m->loading_reset)
        return;
    reset_window(m);
    submit_page(app, VIEW_THREADS, PAGE_OLDEST, THREADS_REPLACE, NULL, false);
}

void threads_toggle_fold(struct App *app, int64_t seq)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    struct ThreadMsg *msg = m->in_thread ? threads_msg(m, seq) : NULL;
    if (!msg)
        return;
    msg->unfolded = !msg->unfolded;
    m->version++;
    app->dirty = true;
}

void threads_toggle_ai(struct App *app)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    if (!m->show_ai && !threads_sql_has_ai(&app->schema)) {
        app_message(app, MSG_WARN, "AI messages: this role cannot read ai_messages");
        return;
    }
    m->show_ai = !m->show_ai;
    app_message(app, MSG_INFO, m->show_ai ? "AI messages shown" : "AI messages hidden");
    if (!m->in_thread)
        return;
    /* Keep the place: reload at the last message on screen. */
    const struct ThreadMsg *at = threads_msg(m, m->view_last);
    if (at) {
        char *c = xstrdup(at->created_utc), *id = xstrdup(at->id);
        load_at(app, VIEW_THREADS, c, id);
        free(c);
        free(id);
    } else {
        m->pos = POS_BOTTOM;
        reset_window(m);
        submit_page(app, VIEW_THREADS, PAGE_NEWEST, THREADS_REPLACE, NULL, false);
    }
}

/* --- search within the thread, :find --------------------------------------------------------- */

static void on_search(void *ud, struct DbResult *res)
{
    struct Req *r = ud;
    struct App *app = r->app;
    struct ThreadsModel *m = threads_model(app, r->v);
    if (r->gen == m->gen) {
        if (!res->ok) {
            report(app, "search", res);
        } else if (res->rows->nrows == 0) {
            no_more_hits(app, m, r->text);
            /* Nothing older matches: n need not ask again from there or further back. */
            if (r->edge && m->search && strcmp(m->search, r->text) == 0) {
                free(m->search_none_before);
                m->search_none_before = r->edge;
                r->edge = NULL;
            }
        } else {
            load_at(app, r->v, db_rows_get(res->rows, 0, 1), db_rows_get(res->rows, 0, 0));
        }
        app->dirty = true;
    }
    req_free(r);
}

/* Orders two "created_utc\nid" keys as the thread does. The server writes timestamps as
 * "YYYY-MM-DD HH:MM:SS" with ".fff" only when there are milliseconds, so a plain comparison
 * of the time part already orders them; equal times fall to the id. */
static int keyset_cmp(const char *a, const char *b)
{
    size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
    int c = strncmp(a, b, la < lb ? la : lb);
    if (c == 0 && la != lb)
        return la < lb ? -1 : 1;
    if (c != 0)
        return c;
    return strcmp(a + la, b + lb);
}

void threads_search_step(struct App *app, bool reverse)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    if (!m->in_thread || !m->search || !*m->search || m->nmsgs == 0)
        return;
    bool older = m->search_older != reverse;
    int64_t step = older ? -1 : 1, end = older ? m->base - 1 : m->base + m->nmsgs;
    int64_t from;
    if (m->hit_seq >= m->base && m->hit_seq < m->base + m->nmsgs)
        from = m->hit_seq + step;
    else
        from = older ? (m->view_last != THREADS_NO_VIEW ? m->view_last : m->base + m->nmsgs - 1)
                     : (m->view_first != THREADS_NO_VIEW ? m->view_first : m->base);
    for (int64_t s = from; s != end && s >= m->base && s < m->base + m->nmsgs; s += step) {
        if (str_icontains(threads_msg(m, s)->text, m->search)) {
            m->hit_seq = s;
            unfold_hit(m);
            m->pos = POS_SEQ;
            m->pos_seq = s;
            m->version++;
            app->dirty = true;
            return;
        }
    }
    if (m->hit_seq < 0) {
        /* A new search: the nearest hit in the loaded window, either way, before the server. */
        for (int64_t s = m->base; s < m->base + m->nmsgs; s++) {
            if (str_icontains(threads_msg(m, s)->text, m->search)) {
                m->hit_seq = s;
                unfold_hit(m);
                m->pos = POS_SEQ;
                m->pos_seq = s;
                if (older) /* none above the screen's bottom: the first one below it */
                    break;
                /* none below the screen's top: the last one above it */
            }
        }
        if (m->hit_seq >= 0) {
            m->version++;
            app->dirty = true;
            return;
        }
    }
    if (!(older ? m->has_older : m->has_newer)) {
        no_more_hits(app, m, m->search);
        return;
    }
    const struct ThreadMsg *edge = older ? &m->msgs[0] : &m->msgs[m->nmsgs - 1];
    char *key = xasprintf("%s\n%s", edge->created_utc, edge->id);
    if (older && m->search_none_before && keyset_cmp(key, m->search_none_before) <= 0) {
        free(key);
        no_more_hits(app, m, m->search);
        return;
    }
    struct Query q;
    char *why = NULL;
    if (!threads_sql_search(&app->schema, m->t_salon, m->t_phone, m->search, older,
                            edge->created_utc, edge->id, &q, &why)) {
        app_message(app, MSG_WARN, "search: %s", why);
        free(key);
        free(why);
        query_free(&q);
        return;
    }
    struct Req *r = req_new(app, VIEW_THREADS, REQ_SEARCH);
    r->text = xstrdup(m->search);
    r->edge = older ? key : NULL;
    if (!older)
        free(key);
    fetch_query(&app->fetch, &q, on_search, r);
    query_free(&q);
    app_message(app, MSG_INFO, "searching older messages for /%s", m->search);
}

static void on_find(void *ud, struct DbResult *res)
{
    struct Req *r = ud;
    struct App *app = r->app;
    struct ThreadsModel *m = threads_model(app, r->v);
    if (!res->ok) {
        report(app, ":find", res);
    } else if (res->rows->nrows == 0) {
        app_message(app, MSG_INFO, ":find %s: no message matches", r->text);
    } else {
        if (m->in_thread)
            threads_close(app);
        threads_set_hits(m, res->rows, r->text);
        free(m->find_text);
        m->find_text = xstrdup(r->text);
        m->find_open = true;
        m->find_more = res->rows->nrows >= THREADS_FIND_MAX;
        int threads = 0;
        for (int i = 0; i < m->nhits; i++) {
            bool first = true;
            for (int j = 0; j < i && first; j++)
                first = strcmp(m->hits[j].phone, m->hits[i].phone) != 0 ||
                        !str_eq(m->hits[j].salon_id, m->hits[i].salon_id);
            threads += first;
        }
        app_set_tab(app, r->v);
        app_message(app, MSG_INFO,
                    ":find %s: %d%s hits in %d thread%s, newest first (n/N move, Enter opens)",
                    r->text, m->nhits, m->find_more ? "+" : "", threads, threads == 1 ? "" : "s");
        m->version++;
    }
    app->dirty = true;
    req_free(r);
}

void threads_find_move(struct App *app, int delta)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    if (!m->find_open || m->nhits == 0)
        return;
    int c = m->find_cursor + delta;
    if (c < 0 || c >= m->nhits) {
        app_message(app, MSG_INFO, ":find %s: %s hit", m->find_text, c < 0 ? "first" : "last");
        c = c < 0 ? 0 : m->nhits - 1;
    }
    m->find_cursor = c;
    m->version++;
    app->dirty = true;
}

void threads_find_open(struct App *app)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    if (!m->find_open || m->find_cursor >= m->nhits)
        return;
    const struct ThreadHit *h = &m->hits[m->find_cursor];
    thread_start(app, VIEW_THREADS, h->salon_id, h->phone);
    m->search = xstrdup(m->find_text);
    m->search_older = true;
    load_at(app, VIEW_THREADS, h->created_utc, h->id);
    app->dirty = true;
}

void threads_find_close(struct App *app)
{
    struct ThreadsModel *m = threads_model(app, VIEW_THREADS);
    threads_clear_hits(m);
    XFREE(m->find_text);
    m->find_open = false;
    m->version++;
    app->dirty = true;
}

static bool tm_command(struct App *app, enum ViewId v, const char *cmd, const char *arg)
{
    if (strcmp(cmd, "find") != 0)
        return false;
    struct ThreadsModel *m = threads_model(app, v);
    if (!*arg) {
        app_message(app, MSG_WARN, ":find: give a phone prefix or text to look for");
        return true;
    }
    if (!app->discovered) {
        app_message(app, MSG_WARN, ":find: not connected yet");
        return true;
    }
    struct Query q;
    char *why = NULL;
    const char *salon = m->in_thread && m->t_salon ? m->t_salon : m->salon;
    if (!threads_sql_find(&app->schema, salon, arg, THREADS_FIND_MAX, &q, &why)) {
        app_message(app, MSG_WARN, ":find: %s", why);
        free(why);
        query_free(&q);
        return true;
    }
    struct Req *r = req_new(app, v, REQ_FIND);
    r->text = xstrdup(arg);
    fetch_query(&app->fetch, &q, on_find, r);
    query_free(&q);
    app_message(app, MSG_INFO, ":find %s: searching…", arg);
    return true;
}

/* --- the TabModel ---------------------------------------------------------------------------- */

static void tm_discovered(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    XFREE(m->noaccess);
    char *why = NULL;
    if (!threads_sql_usable(&app->schema, &why))
        m->noaccess = why;
    m->next_due = 0;
    if (app->opt.phone && !app->opt.once && !m->in_thread && !m->list_loaded && !m->noaccess &&
        !m->opened_phone) {
        /* --phone: start in that thread. */
        m->opened_phone = true;
        app_set_tab(app, v);
        thread_open(app, v, app->opt.salon, app->opt.phone);
    }
}

static void tail_poll(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    m->next_tail = db_now_ms() + app->refresh_ms;
    if (m->has_newer || m->loading_newer || m->loading_reset || m->loading_older)
        return;
    if (m->nmsgs == 0)
        submit_page(app, v, PAGE_NEWEST, THREADS_REPLACE, NULL, false);
    else
        submit_page(app, v, PAGE_NEWER, THREADS_APPEND, &m->msgs[m->nmsgs - 1], true);
}

static void tm_pump(struct App *app, enum ViewId v, bool visible, int64_t now)
{
    struct ThreadsModel *m = threads_model(app, v);
    if (app->opt.once) {
        threads_batch_pump(app, v);
        return;
    }
    if (!visible || m->noaccess || !fetch_idle(&app->fetch))
        return;
    /* A thread opened before the list came (--phone) still gets the list: it names the
     * thread's customer and salon. */
    if ((!m->in_thread || (!m->list_loaded && !m->list_loading)) && now >= m->next_due)
        submit_list(app, v);
    else if (m->in_thread && now >= m->next_tail)
        tail_poll(app, v);
}

static int64_t tm_deadline(struct App *app, enum ViewId v)
{
    if (v != app->tab || app->opt.once)
        return -1;
    struct ThreadsModel *m = threads_model(app, v);
    /* Nothing is due while a query is on the wire (its answer wakes the loop), nor without
     * access: the pump would not act, and a past deadline would make poll() spin. */
    if (m->noaccess || !fetch_idle(&app->fetch))
        return -1;
    return m->in_thread ? m->next_tail : m->next_due;
}

static void tm_refresh(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    if (m->in_thread)
        tail_poll(app, v);
    else
        submit_list(app, v);
}

static void tm_lost(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = threads_model(app, v);
    if (m->list_loaded)
        m->list_fs.stale = true;
    m->version++;
}

static void tm_open(struct App *app, enum ViewId v, const char *salon_id, const char *key)
{
    struct ThreadsModel *m = threads_model(app, v);
    free(m->salon);
    m->salon = salon_id ? xstrdup(salon_id) : NULL;
    m->list_loaded = false;
    m->next_due = 0;
    if (key && *key)
        thread_open(app, v, salon_id, key);
    else if (m->in_thread)
        threads_close(app);
}

static void tm_set_filter(struct App *app, enum ViewId v, const char *text)
{
    struct ThreadsModel *m = threads_model(app, v);
    char *t = text && *text ? xstrdup(text) : NULL;
    if (m->in_thread) {
        free(m->search);
        m->search = t;
        XFREE(m->search_none_before);
        m->hit_seq = -1;
        m->search_older = true;
        m->version++;
        if (t)
            threads_search_step(app, false);
        return;
    }
    free(m->filter);
    m->filter = t;
    threads_apply_filter(m);
}

static void tm_done(struct App *app, enum ViewId v)
{
    struct ThreadsModel *m = app->model[v];
    threads_model_free(&m);
    app->model[v] = NULL;
}

static bool tm_freshness(struct App *app, enum ViewId v, time_t *updated, double *latency_ms,
                         bool *stale)
{
    const struct ThreadsModel *m = threads_model(app, v);
    bool any = fetch_freshness(&m->list_fs, updated, latency_ms, stale);
    if (m->in_thread)
        *latency_ms = m->page_ms;
    return any;
}

const struct TabModel threads_tab_model = {
    .discovered = tm_discovered,
    .pump = tm_pump,
    .deadline = tm_deadline,
    .refresh = tm_refresh,
    .lost = tm_lost,
    .batch_state = threads_batch_state,
    .batch_write = threads_batch_write,
    .export_file = threads_export,
    .open = tm_open,
    .command = tm_command,
    .set_filter = tm_set_filter,
    .freshness = tm_freshness,
    .done = tm_done,
};
