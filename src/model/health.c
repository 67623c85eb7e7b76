/* The Health tab's model: when to refresh what, and what arrives. */
#include "config.h"

#include "src/model/health.h"

#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/model/health_int.h"
#include "src/queries/health_sql.h"
#include "src/queries/replication_sql.h"
#include "src/util/xalloc.h"

#define SLOW_MS 30000
/* The webhook errors of the last hour read all of webhook_logs, which has no index on
 * created_at: they are counted every 5 minutes, by the slow refresh that falls due then. */
#define WEBHOOKS_MS 300000
#define BATCH_RATE_MS 1000 /* --once: the second sample, for rates */

struct HealthModel *health_model(struct App *app)
{
    return app->model[VIEW_HEALTH];
}

struct HealthModel *health_ensure(struct App *app)
{
    struct HealthModel *m = app->model[VIEW_HEALTH];
    if (m)
        return m;
    m = xcalloc(1, sizeof *m);
    td_init(&m->activity);
    td_init(&m->blocking);
    for (int i = 0; i < HV__COUNT; i++)
        td_init(&m->views[i]);
    m->hide_idle = false;
    health_summary_parse(&m->sum, NULL);
    app->model[VIEW_HEALTH] = m;
    return m;
}

void health_present(struct App *app)
{
    struct HealthModel *m = health_model(app);
    const struct HealthSample *s = health_history_get(&m->hist, m->back);
    m->held = false;
    if (!s)
        return;
    m->sum = s->sum;
    struct DbRows *rows =
        health_present_activity(s->activity, m->sort, m->hide_idle, s->sum.self_pid);
    health_mark_tags(m, rows, m->back == 0 ? s->activity : NULL);
    td_set_rows(&m->activity, &rows, 0, s->at);
    struct DbRows *tree = health_block_tree(s->activity);
    td_set_rows(&m->blocking, &tree, 0, s->at);
    m->activity.stale = m->blocking.stale = m->stale && m->back == 0;
    app->dirty = true;
}

static void on_live(void *ud, struct DbResult *res)
{
    struct App *app = ud;
    struct HealthModel *m = health_model(app);
    m->live_loading = false;
    if (!res->ok) {
        if (res->lost) {
            m->stale = true;
        } else {
            free(m->error);
            m->error = xstrdup(res->error ? res->error : "query failed");
            app_message(app, MSG_ERROR, "health: %s", m->error);
        }
        app->dirty = true;
        return;
    }
    XFREE(m->error);
    m->stale = false;
    m->live_ms = res->elapsed_ms;
    struct HealthSample s = {.at = time(NULL)};
    health_summary_parse(&s.sum, res->rows);
    health_summary_rates(&s.sum, m->hist.n ? &health_history_get(&m->hist, 0)->sum : NULL);
    s.activity = health_split_activity(res->rows);
    health_proc_sample(&m->proc, &s.activity, db_conn_host(app->db), s.sum.self_pid, db_now_ms());
    time_t viewing = m->back > 0 ? health_history_get(&m->hist, m->back)->at : 0;
    health_history_push(&m->hist, &s);
    if (m->back > 0) {
        /* Looking back: stay on the same sample (or the one kept in its place) as the newest
         * moves on and older ones are thinned out. */
        m->back = health_history_find(&m->hist, viewing);
        if (m->back == 0 && m->hist.n > 1)
            m->back = 1;
        app->dirty = true;
        return;
    }
    if (db_now_ms() < m->hold_until)
        m->held = true;
    else
        health_present(app);
    app->dirty = true;
}

static double num(const struct DbRows *r, const char *col)
{
    const char *v = db_rows_get(r, 0, db_rows_col(r, col));
    return v ? atof(v) : -1;
}

static void on_slow(void *ud, struct DbResult *res)
{
    struct App *app = ud;
    struct HealthModel *m = health_model(app);
    m->slow_loading = false;
    m->slow.tried = true;
    if (!res->ok) {
        if (m->slow_webhooks)
            m->next_webhooks = 0; /* the next slow refresh counts them again */
        if (!res->lost)
            app_message(app, MSG_ERROR, "health: %s", res->error ? res->error : "query failed");
        return;
    }
    struct HealthSlow *s = &m->slow;
    s->valid = true;
    s->db_size = (long long)num(res->rows, "db_size");
    /* No such column: not counted this time; the last count stands. */
    if (db_rows_col(res->rows, "webhook_errors_1h") >= 0)
        s->webhook_errors_1h = (long long)num(res->rows, "webhook_errors_1h");
    s->failed_messages_1h = (long long)num(res->rows, "failed_messages_1h");
    /* Per minute from the growth of the insert counters since the last slow refresh; a reset
     * of the statistics (the counter went down) gives no rate rather than a negative one. */
    double b = num(res->rows, "bookings_inserted"), msg = num(res->rows, "messages_inserted");
    int64_t now = db_now_ms();
    double minutes = s->ins_at ? (double)(now - s->ins_at) / 60000.0 : 0;
    s->bookings_pm = minutes > 0 && b >= s->bookings_ins && s->bookings_ins >= 0
                         ? (b - s->bookings_ins) / minutes
                         : -1;
    s->messages_pm = minutes > 0 && msg >= s->messages_ins && s->messages_ins >= 0
                         ? (msg - s->messages_ins) / minutes
                         : -1;
    s->bookings_ins = b;
    s->messages_ins = msg;
    s->ins_at = now;
    const char *nsp = db_rows_get(res->rows, 0, db_rows_col(res->rows, "pgss_schema"));
    const char *total = db_rows_get(res->rows, 0, db_rows_col(res->rows, "pgss_total"));
    const char *info = db_rows_get(res->rows, 0, db_rows_col(res->rows, "pgss_info"));
    free(s->pgss_schema);
    free(s->pgss_total);
    s->pgss_schema = nsp ? xstrdup(nsp) : NULL;
    s->pgss_total = nsp && total ? xstrdup(total) : NULL;
    s->pgss_info = info && strcmp(info, "t") == 0;
    if (!nsp)
        td_set_noaccess(&m->views[HV_STATEMENTS],
                        "pg_stat_statements is not installed in this database. To enable it:\n"
                        "  1. postgresql.conf: shared_preload_libraries = 'pg_stat_statements'"
                        " (then restart the server)\n"
                        "  2. in this database: CREATE EXTENSION pg_stat_statements;\n"
                        "  3. for other users' query text: GRANT pg_read_all_stats TO <role>;");
    else if (!total)
        td_set_noaccess(&m->views[HV_STATEMENTS],
                        "pg_stat_statements has neither total_exec_time nor total_time here. To "
                        "bring it up to date, in this database: ALTER EXTENSION "
                        "pg_stat_statements UPDATE;");
    else if (m->views[HV_STATEMENTS].noaccess)
        td_set_noaccess(&m->views[HV_STATEMENTS], NULL);
    app->dirty = true;
}

static void on_view(void *ud, struct DbResult *res)
{
    struct App *app = ud;
    struct HealthModel *m = health_model(app);
    m->view_loading = false;
    enum HealthView v = m->view_in_flight;
    struct TableData *td = &m->views[v];
    td_set_loading(td, false);
    if (res->ok && v == HV_STATEMENTS) {
        struct DbRows *rows = health_statement_deltas(res->rows, td->rows);
        td_set_rows(td, &rows, res->elapsed_ms, time(NULL));
    } else if (res->ok) {
        td_set_rows(td, &res->rows, res->elapsed_ms, time(NULL));
    } else
        td_set_error(td, res->error, res->lost);
    app->dirty = true;
}

static void on_repl(void *ud, struct DbResult *res)
{
    struct App *app = ud;
    struct HealthModel *m = health_model(app);
    struct TableData *td = &m->views[HV_REPLICATION];
    m->repl_loading = false;
    m->repl.tried = true;
    td_set_loading(td, false);
    if (!res->ok) {
        td_set_error(td, res->error, res->lost);
        app->dirty = true;
        return;
    }
    db_rows_free(&m->repl_raw);
    m->repl_raw = res->rows;
    res->rows = NULL;
    health_repl_update(&m->repl, m->repl_raw, &app->cfg.repl_lag_s, time(NULL));
    struct DbRows *rows = health_repl_present(&m->repl, m->repl_raw, &app->cfg.repl_lag_s, true);
    td_set_rows(td, &rows, res->elapsed_ms, time(NULL));
    app->dirty = true;
}

static void submit_view(struct App *app, struct HealthModel *m, enum HealthView v, int64_t now)
{
    int ver = app->schema.server_version_num;
    char *sql = NULL;
    const char *name = "health_view";
    switch (v) {
    case HV_TABLES:
        sql = health_sql_tables(ver, m->show_parts);
        name = "health_tables";
        break;
    case HV_INDEXES:
        sql = health_sql_indexes(ver, m->show_parts);
        name = "health_indexes";
        break;
    case HV_STATEMENTS:
        if (!m->slow.valid || !m->slow.pgss_total)
            return;
        sql = health_sql_statements(m->slow.pgss_schema, m->slow.pgss_total, m->slow.pgss_info);
        name = "health_statements";
        break;
    default:
        return;
    }
    m->view_loading = true;
    m->view_in_flight = v;
    td_set_loading(&m->views[v], true);
    fetch_sql(&app->fetch, name, sql, on_view, app);
    free(sql);
    m->next_view[v] = now + SLOW_MS;
}

/* The views refreshed on their own interval while shown; replication is refreshed with the
 * live figures instead, for the strip and its alerts. */
/* Whether the query of view v (tables and after) can go out: not while it is on the wire, and
 * the statements view only once the slow query has found pg_stat_statements (an answer, which
 * wakes the loop, changes either). The pump and the deadline both ask this, so a view that
 * cannot be fetched has no deadline: a past one would make poll() return at once, for ever. */
static bool view_can_submit(const struct HealthModel *m, enum HealthView v)
{
    if (v < HV_TABLES || v == HV_REPLICATION || v == HV_POOLS || m->view_loading)
        return false; /* replication and pools have refreshes of their own */
    return v != HV_STATEMENTS || (m->slow.valid && m->slow.pgss_total);
}

static void h_pump(struct App *app, enum ViewId v, bool visible, int64_t now)
{
    struct HealthModel *m = health_ensure(app);
    (void)v;
    if (m->held && now >= m->hold_until)
        health_present(app);
    health_pool_pump(app, m, visible, now);
    if (!visible)
        return;
    if (!m->live_loading && now >= m->next_live) {
        char *sql = health_sql_live(app->schema.server_version_num);
        m->live_loading = true;
        fetch_sql(&app->fetch, "health_live", sql, on_live, app);
        free(sql);
        /* --once takes a second sample a second later, for the rates. */
        m->next_live = now + (app->opt.once && m->hist.n == 0 ? BATCH_RATE_MS : app->refresh_ms);
    }
    if (!m->slow_loading && now >= m->next_slow) {
        struct Query q;
        m->slow_webhooks = now >= m->next_webhooks;
        health_sql_slow_parts(&app->schema, time(NULL),
                              HEALTH_SLOW_RECENT | (m->slow_webhooks ? HEALTH_SLOW_WEBHOOKS : 0u),
                              &q);
        if (m->slow_webhooks)
            m->next_webhooks = now + WEBHOOKS_MS;
        m->slow_loading = true;
        fetch_query(&app->fetch, &q, on_slow, app);
        query_free(&q);
        m->next_slow = now + SLOW_MS;
    }
    if (!m->repl_loading && now >= m->next_repl) {
        char *sql = replication_sql(app->schema.server_version_num);
        m->repl_loading = true;
        if (!m->repl_raw)
            td_set_loading(&m->views[HV_REPLICATION], true);
        fetch_sql(&app->fetch, "health_replication", sql, on_repl, app);
        free(sql);
        m->next_repl = now + app->refresh_ms;
    }
    if (view_can_submit(m, m->view) && now >= m->next_view[m->view])
        submit_view(app, m, m->view, now);
}

static int64_t h_deadline(struct App *app, enum ViewId v)
{
    struct HealthModel *m = health_model(app);
    if (!m)
        return -1;
    int64_t d = -1;
    if (m->held)
        d = m->hold_until;
    if (v != app->tab)
        return d;
#define MIN_D(x) d = d < 0 || (x) < d ? (x) : d
    /* A query still on the wire is not due again: its answer wakes the loop. */
    if (!m->live_loading)
        MIN_D(m->next_live);
    if (!m->slow_loading)
        MIN_D(m->next_slow);
    if (!m->repl_loading)
        MIN_D(m->next_repl);
    int64_t pool = health_pool_deadline(app, m);
    if (pool >= 0)
        MIN_D(pool);
    if (view_can_submit(m, m->view))
        MIN_D(m->next_view[m->view]);
#undef MIN_D
    return d;
}

static void h_refresh(struct App *app, enum ViewId v)
{
    (void)v;
    struct HealthModel *m = health_ensure(app);
    m->next_live = m->next_slow = m->next_repl = m->next_webhooks = 0;
    m->next_view[m->view] = 0;
    health_pool_refresh(app, m);
}

static void h_discovered(struct App *app, enum ViewId v)
{
    h_refresh(app, v);
    struct HealthModel *m = health_model(app);
    for (int i = 0; i < HV__COUNT; i++)
        m->next_view[i] = 0;
}

static void h_lost(struct App *app, enum ViewId v)
{
    (void)v;
    struct HealthModel *m = health_model(app);
    if (!m)
        return;
    m->stale = true;
    m->activity.stale = m->blocking.stale = m->back == 0 && m->activity.rows;
    for (int i = 0; i < HV__COUNT; i++)
        if (m->views[i].rows)
            td_set_error(&m->views[i], NULL, true);
    app->dirty = true;
}

static void h_set_filter(struct App *app, enum ViewId v, const char *text)
{
    (void)v;
    struct HealthModel *m = health_ensure(app);
    if (m->view == HV_ACTIVITY)
        td_set_filter(&m->activity, text);
    else if (m->view == HV_BLOCKING)
        td_set_filter(&m->blocking, text);
    else
        td_set_filter(&m->views[m->view], text);
}

static bool h_command(struct App *app, enum ViewId v, const char *cmd, const char *arg)
{
    (void)v;
    bool cancel = strcmp(cmd, "cancel") == 0, terminate = strcmp(cmd, "terminate") == 0;
    if (!cancel && !terminate)
        return false;
    struct HealthModel *m = health_ensure(app);
    char *end = NULL;
    long pid = strtol(arg, &end, 10);
    if (m->ask == HA_NONE) {
        /* :cancel PID / :terminate PID from any tab: the same confirmation as c and K. */
        if (!end || end == arg || *end || pid <= 0 || pid > 0x7fffffff) {
            app_message(app, MSG_WARN, ":%s: expected a backend pid, e.g. :%s 12345", cmd, cmd);
            return true;
        }
        const struct TableData *td = &m->activity;
        int vis = health_find_pid(td, (int)pid);
        int row = td_visible_row(td, vis);
        const char *user = row >= 0 ? db_rows_get(td->rows, row, db_rows_col(td->rows, "user"))
                                    : "(not in the last sample)";
        const char *query =
            row >= 0 ? db_rows_get(td->rows, row, db_rows_col(td->rows, "query")) : "";
        app_set_tab(app, VIEW_HEALTH);
        health_ask(app, cancel ? HA_CANCEL : HA_TERMINATE, (int)pid, user, query);
        if (terminate)
            app_message(app, MSG_WARN, "to terminate, type the pid again: :terminate %ld", pid);
        return true;
    }
    if (m->ask != HA_TERMINATE || !terminate)
        return false;
    if (!end || end == arg || *end) {
        if (m->ask_targets)
            app_message(app, MSG_WARN, "terminate: type %d (the number of sessions) to confirm",
                        m->ask_n);
        else
            app_message(app, MSG_WARN, "terminate: type the pid %d to confirm", m->ask_pid);
        health_decline(app);
        return true;
    }
    health_confirm(app, (int)pid);
    return true;
}

static void h_done(struct App *app, enum ViewId v)
{
    (void)v;
    struct HealthModel *m = health_model(app);
    if (!m)
        return;
    health_history_free(&m->hist);
    td_free(&m->activity);
    td_free(&m->blocking);
    for (int i = 0; i < HV__COUNT; i++)
        td_free(&m->views[i]);
    free(m->slow.pgss_schema);
    free(m->slow.pgss_total);
    health_repl_free(&m->repl);
    db_rows_free(&m->repl_raw);
    health_pool_free(&m->pool);
    for (int i = 0; i < HEALTH_POOL_SHOWS; i++)
        db_rows_free(&m->pool_raw[i]);
    free(m->error);
    free(m->detail_query);
    free(m->detail_user);
    free(m->explain_as);
    free(m->explain);
    free(m->ask_user);
    free(m->ask_query);
    health_targets_free(m);
    free(m->tags);
    health_proc_free(&m->proc);
    free(m);
    app->model[VIEW_HEALTH] = NULL;
}

static bool h_freshness(struct App *app, enum ViewId v, time_t *updated, double *latency_ms,
                        bool *stale)
{
    (void)v;
    struct HealthModel *m = health_model(app);
    if (!m || m->hist.n == 0)
        return false;
    *updated = health_history_get(&m->hist, m->back)->at;
    *latency_ms = m->live_ms;
    *stale = m->stale;
    return true;
}

const struct TabModel health_tab_model = {
    .discovered = h_discovered,
    .pump = h_pump,
    .deadline = h_deadline,
    .refresh = h_refresh,
    .lost = h_lost,
    .batch_state = health_batch_state,
    .batch_write = health_batch_write,
    .open = NULL,
    .command = h_command,
    .set_filter = h_set_filter,
    .freshness = h_freshness,
    .done = h_done,
};
