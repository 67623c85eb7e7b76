/* The Bookings model's queries: the period cache with its prefetch, salon resolution, masters,
 * search, detail, and the TabModel ops (including --once bookings). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/batch.h"
#include "src/model/bookings.h"
#include "src/model/bookings_int.h"
#include "src/queries/bookings_sql.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#define BK_CACHE_N 9

struct BkEntry {
    char *salon; /* "" for every salon */
    struct CalDate from, to;
    struct DbRows *rows;
    bool loading;
    int64_t fetched;
    unsigned long used;
};

struct BkCache {
    struct BkEntry e[BK_CACHE_N];
    unsigned long tick;
    /* The rows the model's items point into (see bk_rebuild): never freed before the items
     * are built again from other rows. */
    const struct DbRows *in_use;
};

enum ReqKind { REQ_PERIOD, REQ_SALON, REQ_MASTERS, REQ_SEARCH, REQ_FIND, REQ_DETAIL, REQ_CUSTOMER };

struct Req {
    struct App *app;
    enum ReqKind kind;
    char *salon;
    struct CalDate from, to;
    char *key;
};

static const char *salon_key(const struct BookingsModel *m)
{
    return m->salon_id ? m->salon_id : "";
}

struct BookingsModel *bookings_model(struct App *app)
{
    struct BookingsModel *m = app->model[VIEW_BOOKINGS];
    if (m)
        return m;
    m = xcalloc(1, sizeof *m);
    app->model[VIEW_BOOKINGS] = m;
    m->cache = xcalloc(1, sizeof *m->cache);
    m->cursor = -1;
    m->loading = true;
    m->slot_min = 30;
    m->rec_start = m->rec_end = -1;
    m->show_cancelled = true;
    struct CalDate today = cal_from_time(time(NULL));
    m->anchor = today;
    if (app->opt.date && !cal_parse(app->opt.date, today, &m->anchor))
        app_message(app, MSG_WARN, "--date: '%s' is not a date; showing today", app->opt.date);
    if (app->opt.view && !cal_view_from_name(app->opt.view, &m->view))
        app_message(app, MSG_WARN, "--view: expected day, week, month or agenda");
    const struct Profile *pr = app->profile;
    if (pr && str_eq(pr->role, "staff")) {
        m->locked = true;
        if (pr->salon)
            m->salon_arg = xstrdup(pr->salon);
        if (app->opt.salon && !str_eq(app->opt.salon, pr->salon))
            app_message(app, MSG_WARN,
                        "this staff profile is locked to its salon; --salon ignored");
    } else if (app->opt.salon) {
        m->salon_arg = xstrdup(app->opt.salon);
    }
    m->resolved = m->salon_arg == NULL;
    cal_period(m->view, m->anchor, &m->from, &m->to);
    return m;
}

/* --- the cache ------------------------------------------------------------------------------- */

static struct BkEntry *entry_find(struct BookingsModel *m, const char *salon, struct CalDate from,
                                  struct CalDate to)
{
    for (int i = 0; i < BK_CACHE_N; i++) {
        struct BkEntry *e = &m->cache->e[i];
        if (e->salon && strcmp(e->salon, salon) == 0 && cal_cmp(e->from, from) == 0 &&
            cal_cmp(e->to, to) == 0)
            return e;
    }
    return NULL;
}

/* A slot for a new period: a free one, else the least recently used that is not loading and not
 * on screen. */
static struct BkEntry *entry_new(struct BookingsModel *m, const char *salon, struct CalDate from,
                                 struct CalDate to)
{
    struct BkEntry *best = NULL;
    for (int i = 0; i < BK_CACHE_N; i++) {
        struct BkEntry *e = &m->cache->e[i];
        if (!e->salon) {
            best = e;
            break;
        }
        bool shown = strcmp(e->salon, salon_key(m)) == 0 && cal_cmp(e->from, m->from) == 0 &&
                     cal_cmp(e->to, m->to) == 0;
        bool in_use = e->rows && e->rows == m->cache->in_use;
        if (!e->loading && !shown && !in_use && (!best || e->used < best->used))
            best = e;
    }
    if (!best)
        return NULL;
    free(best->salon);
    db_rows_free(&best->rows);
    memset(best, 0, sizeof *best);
    best->salon = xstrdup(salon);
    best->from = from;
    best->to = to;
    return best;
}

const struct DbRows *bk_cached(struct BookingsModel *m, struct CalDate from, struct CalDate to)
{
    struct BkEntry *e = entry_find(m, salon_key(m), from, to);
    if (e)
        e->used = ++m->cache->tick;
    return e ? e->rows : NULL;
}

void bk_cache_free(struct BookingsModel *m)
{
    for (int i = 0; m->cache && i < BK_CACHE_N; i++) {
        free(m->cache->e[i].salon);
        db_rows_free(&m->cache->e[i].rows);
    }
    XFREE(m->cache);
}

/* --- requests -------------------------------------------------------------------------------- */

static void on_result(void *ud, struct DbResult *res);

static void submit(struct App *app, struct Query *q, enum ReqKind kind, const char *salon,
                   struct CalDate from, struct CalDate to, const char *key)
{
    struct Req *r = xcalloc(1, sizeof *r);
    r->app = app;
    r->kind = kind;
    r->salon = salon ? xstrdup(salon) : NULL;
    r->from = from;
    r->to = to;
    r->key = key ? xstrdup(key) : NULL;
    fetch_query(&app->fetch, q, on_result, r);
    query_free(q);
}

static void fetch_period(struct App *app, struct CalDate from, struct CalDate to, bool force)
{
    struct BookingsModel *m = bookings_model(app);
    struct BkEntry *e = entry_find(m, salon_key(m), from, to);
    if (e && (e->loading || (e->rows && !force)))
        return;
    if (!e)
        e = entry_new(m, salon_key(m), from, to);
    if (!e)
        return;
    e->loading = true;
    e->used = ++m->cache->tick;
    char a[32], b[32];
    tz_format_utc(cal_start(from), a, sizeof a);
    tz_format_utc(cal_start(to), b, sizeof b);
    struct Query q;
    bookings_sql_period(&app->schema, m->salon_id, a, b, &q);
    submit(app, &q, REQ_PERIOD, salon_key(m), from, to, NULL);
}

void bk_rebuild(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    /* While another salon is being resolved nothing cached is its: show none of it. */
    struct BkEntry *e = m->resolved ? entry_find(m, salon_key(m), m->from, m->to) : NULL;
    const struct DbRows *rows = e ? e->rows : NULL;
    m->loading = !rows;
    char *keep = m->sel_id ? xstrdup(m->sel_id) : NULL;
    bookings_build_items(m, rows);
    m->cache->in_use = rows;
    bk_set_selected(m, keep);
    free(keep);
    app->dirty = true;
}

void bk_show(struct App *app, bool force)
{
    struct BookingsModel *m = bookings_model(app);
    cal_period(m->view, m->anchor, &m->from, &m->to);
    if (!app->discovered || m->noaccess || !m->resolved) {
        bk_rebuild(app);
        return;
    }
    struct BkEntry *e = entry_find(m, salon_key(m), m->from, m->to);
    bool old = e && e->rows && db_now_ms() - e->fetched >= app->refresh_ms;
    fetch_period(app, m->from, m->to, force || old);
    if (app->opt.once) { /* no next move: fetch nothing it would not print */
        bk_rebuild(app);
        return;
    }
    /* The neighbouring periods, so that the next move shows at once. */
    struct CalDate f, t;
    cal_period(m->view, cal_shift(m->view, m->anchor, 1), &f, &t);
    fetch_period(app, f, t, false);
    cal_period(m->view, cal_shift(m->view, m->anchor, -1), &f, &t);
    fetch_period(app, f, t, false);
    bk_rebuild(app);
}

bool bk_resolve(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    struct Query q;
    struct CalDate z = {0, 0, 0};
    if (bookings_sql_salon(&app->schema, m->salon_arg, &q)) {
        m->resolving = true;
        submit(app, &q, REQ_SALON, NULL, z, z, m->salon_arg);
        return true;
    }
    /* The role cannot read salons (staff may not): take the argument as the id. */
    free(m->salon_id);
    m->salon_id = xstrdup(m->salon_arg);
    free(m->salon_name);
    m->salon_name = xstrdup(m->salon_arg);
    m->resolved = true;
    return false;
}

static void fetch_masters(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    db_rows_free(&m->masters);
    struct Query q;
    struct CalDate z = {0, 0, 0};
    m->masters_loading = bookings_sql_masters(&app->schema, m->salon_id, &q);
    if (m->masters_loading)
        submit(app, &q, REQ_MASTERS, m->salon_id, z, z, NULL);
}

void bk_search(struct App *app, const char *text, bool list)
{
    struct BookingsModel *m = bookings_model(app);
    XFREE(m->search);
    if (!text || !*text)
        return;
    m->search = xstrdup(text);
    m->search_list = list;
    if (!app->discovered ||
        !m->resolved) { /* asked again once it can be: bm_discovered, got_salon */
        m->search_pending = true;
        app_message(app, MSG_INFO, "searching bookings for /%s once connected", text);
        return;
    }
    m->search_pending = false;
    char now[32];
    tz_format_utc(time(NULL), now, sizeof now);
    struct Query q;
    struct CalDate z = {0, 0, 0};
    bookings_sql_search(&app->schema, m->salon_id, text, now, &q);
    submit(app, &q, list ? REQ_FIND : REQ_SEARCH, salon_key(m), z, z, text);
    app_message(app, MSG_INFO, "searching bookings for /%s", text);
}

void bk_fetch_detail(struct App *app)
{
    struct BookingsModel *m = bookings_model(app);
    struct BkDetail *d = &m->detail;
    db_rows_free(&d->fields);
    db_rows_free(&d->others);
    XFREE(d->error);
    struct Query q;
    struct CalDate z = {0, 0, 0};
    d->loading = true;
    if (bookings_sql_detail(&app->schema, d->id, &q))
        submit(app, &q, REQ_DETAIL, NULL, z, z, d->id);
    if (d->phone && bookings_sql_customer(&app->schema, m->salon_id, d->phone, &q))
        submit(app, &q, REQ_CUSTOMER, NULL, z, z, d->id);
}

static void got_period(struct App *app, struct Req *r, struct DbResult *res)
{
    struct BookingsModel *m = bookings_model(app);
    struct BkEntry *e = entry_find(m, r->salon, r->from, r->to);
    if (e)
        e->loading = false;
    /* While another salon is being resolved, nothing that arrives is on screen. */
    bool shown = m->resolved && strcmp(r->salon, salon_key(m)) == 0 &&
                 cal_cmp(r->from, m->from) == 0 && cal_cmp(r->to, m->to) == 0;
    if (!res->ok) {
        /* A failed fetch of a period cached and not on screen keeps its rows quietly. */
        bool quiet = !res->lost && !shown && e && e->rows;
        if (!quiet && fetch_settle(&m->fs, res, time(NULL)) == FETCH_FAILED && !app->opt.once)
            app_message(app, MSG_ERROR, "bookings: %s", m->fs.error);
        app->dirty = true;
        return;
    }
    if (!e)
        e = entry_new(m, r->salon, r->from, r->to);
    if (!e)
        return;
    /* The items may point into the rows replaced here even when they are no longer the period
     * on screen (the salon changed since): then they are built again before anything reads
     * them. */
    bool in_use = e->rows && e->rows == m->cache->in_use;
    db_rows_free(&e->rows);
    e->rows = res->rows;
    res->rows = NULL;
    e->fetched = db_now_ms();
    if (shown)
        fetch_settle(&m->fs, res, time(NULL));
    if (shown || in_use)
        bk_rebuild(app);
}

/* The salon's recorded working hours and slot length (columns 2-4 of bookings_sql_salon). */
static void salon_hours(struct App *app, const struct DbRows *rows)
{
    struct BookingsModel *m = bookings_model(app);
    m->rec_start = rows->ncols > 3 ? bookings_parse_hour(db_rows_get(rows, 0, 2)) : -1;
    m->rec_end = rows->ncols > 3 ? bookings_parse_hour(db_rows_get(rows, 0, 3)) : -1;
    const char *slot = rows->ncols > 4 ? db_rows_get(rows, 0, 4) : NULL;
    int n = slot ? atoi(slot) : 0;
    m->slot_min = n >= 5 && n <= 240 && 24 * 60 % n == 0 ? n : bookings_slot_minutes(&app->schema);
}

static void got_salon(struct App *app, struct Req *r, struct DbResult *res)
{
    struct BookingsModel *m = bookings_model(app);
    m->resolving = false;
    if (!res->ok) {
        if (!res->lost)
            app_message(app, MSG_ERROR, "salon %s: %s", r->key, res->error);
        return;
    }
    if (res->rows->nrows == 0) {
        if (m->locked) { /* the profile's salon: trust it as an id; the server decides */
            m->salon_id = xstrdup(r->key);
            m->salon_name = xstrdup(r->key);
            m->resolved = true;
        } else {
            m->batch_failed = true;
            free(m->fs.error);
            m->fs.error = xasprintf("no salon with the id or name '%s'", r->key);
            app_message(app, MSG_WARN, "%s; showing every salon", m->fs.error);
            XFREE(m->salon_arg);
            m->resolved = true;
        }
    } else {
        free(m->salon_id);
        free(m->salon_name);
        m->salon_id = xstrdup(db_rows_get(res->rows, 0, 0));
        m->salon_name = xstrdup(db_rows_get(res->rows, 0, 1));
        m->resolved = true;
        salon_hours(app, res->rows);
        fetch_masters(app);
    }
    m->next_due = 0;
    bk_show(app, false);
    if (m->search) { /* a search that came with open() before the salon was known */
        char *text = xstrdup(m->search);
        bk_search(app, text, m->search_list);
        free(text);
    }
}

static void got_search(struct App *app, struct Req *r, struct DbResult *res)
{
    struct BookingsModel *m = bookings_model(app);
    if (!res->ok) {
        if (!res->lost)
            app_message(app, MSG_ERROR, "search: %s", res->error);
        return;
    }
    time_t t;
    if (res->rows->nrows == 0 || !tz_parse_utc(db_rows_get(res->rows, 0, BK_START), &t)) {
        app_message(app, MSG_WARN, "no booking matches /%s", r->key);
        return;
    }
    if (r->kind == REQ_FIND && res->rows->nrows > 1) { /* more than one: the list of them */
        db_rows_free(&m->found.rows);
        m->found.rows = res->rows;
        res->rows = NULL;
        free(m->found.text);
        m->found.text = xstrdup(r->key);
        m->found.cursor = 0;
        m->found.open = true;
        m->detail.open = false;
        app_message(app, MSG_INFO, "%d found for :find %s%s; Enter opens one, Esc goes back",
                    m->found.rows->nrows, r->key,
                    m->found.rows->nrows >= 50 ? " (the nearest 50)" : "");
        return;
    }
    m->anchor = cal_from_time(t);
    free(m->sel_id);
    m->sel_id = xstrdup(db_rows_get(res->rows, 0, BK_ID));
    m->detail.open = false;
    const char *code = db_rows_get(res->rows, 0, BK_CODE);
    const char *who = db_rows_get(res->rows, 0, BK_CUSTOMER);
    char day[16];
    cal_format(m->anchor, day, sizeof day);
    app_message(app, MSG_INFO, "%d found for /%s; the nearest: %s %s on %s", res->rows->nrows,
                r->key, code ? code : "", who ? who : "", day);
    bk_show(app, false);
}

static void on_result(void *ud, struct DbResult *res)
{
    struct Req *r = ud;
    struct App *app = r->app;
    struct BookingsModel *m = bookings_model(app);
    switch (r->kind) {
    case REQ_PERIOD:
        got_period(app, r, res);
        break;
    case REQ_SALON:
        got_salon(app, r, res);
        break;
    case REQ_MASTERS:
        m->masters_loading = false;
        if (res->ok && str_eq(r->salon, m->salon_id)) {
            db_rows_free(&m->masters);
            m->masters = res->rows;
            res->rows = NULL;
            bk_rebuild(app);
        }
        break;
    case REQ_SEARCH:
    case REQ_FIND:
        got_search(app, r, res);
        break;
    case REQ_DETAIL:
    case REQ_CUSTOMER:
        if (!str_eq(r->key, m->detail.id))
            break;
        if (!res->ok) {
            free(m->detail.error);
            m->detail.error = xstrdup(res->error ? res->error : "query failed");
        } else if (r->kind == REQ_DETAIL) {
            db_rows_free(&m->detail.fields);
            m->detail.fields = res->rows;
            res->rows = NULL;
            m->detail.loading = false;
        } else {
            db_rows_free(&m->detail.others);
            m->detail.others = res->rows;
            res->rows = NULL;
        }
        break;
    }
    app->dirty = true;
    free(r->salon);
    free(r->key);
    free(r);
}
