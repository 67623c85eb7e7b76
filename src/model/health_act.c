/* What the user does on the Health tab: views, sort, looking back, the full query and its plan,
 * cancel and terminate (confirmed, then audited), and --once health. */
#include "config.h"

#include "src/model/health.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/audit.h"
#include "src/batch.h"
#include "src/model/health_int.h"
#include "src/queries/health_sql.h"
#include "src/queries/pooler_sql.h"
#include "src/queries/queries.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

#define HOLD_MS 3000

void health_set_view(struct App *app, enum HealthView v)
{
    struct HealthModel *m = health_ensure(app);
    if (v >= HV__COUNT)
        return;
    m->view = v;
    /* tables, indexes, statements: replication and pools have refreshes of their own */
    if (v >= HV_TABLES && v < HV_REPLICATION && !m->views[v].rows)
        m->next_view[v] = 0;
    app->dirty = true;
}

void health_cycle_sort(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    m->sort = (m->sort + 1) % health_sort_count();
    health_present(app);
    app_message(app, MSG_INFO, "sessions sorted by %s", health_sort_name(m->sort));
}

void health_toggle_idle(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    m->hide_idle = !m->hide_idle;
    health_present(app);
    app_message(app, MSG_INFO, m->hide_idle ? "idle sessions hidden" : "idle sessions shown");
}

void health_toggle_parts(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    m->show_parts = !m->show_parts;
    m->next_view[HV_TABLES] = m->next_view[HV_INDEXES] = 0;
    app_message(app, MSG_INFO,
                m->show_parts ? "partitions shown under their tables and indexes"
                              : "partitions hidden: each partitioned table and index is one row");
}

void health_hold(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    m->hold_until = db_now_ms() + HOLD_MS;
}

void health_step(struct App *app, int dir)
{
    struct HealthModel *m = health_ensure(app);
    int back = m->back - dir;
    if (back < 0)
        back = 0;
    if (back > m->hist.n - 1)
        back = m->hist.n > 0 ? m->hist.n - 1 : 0;
    if (back == m->back) {
        app_message(app, MSG_INFO, back ? "the oldest sample kept (30 minutes at most)" : "live");
        return;
    }
    m->back = back;
    health_present(app);
    if (back == 0) {
        app_message(app, MSG_INFO, "live again");
    } else {
        const struct HealthSample *s = health_history_get(&m->hist, back);
        char t[16];
        struct tm tm;
        strftime(t, sizeof t, "%H:%M:%S", localtime_r(&s->at, &tm));
        app_message(app, MSG_WARN, "NOT LIVE: sample of %s, %d of %d back (] newer)", t, back,
                    m->hist.n - 1);
    }
}

static void on_explain(void *ud, struct DbResult *res)
{
    struct App *app = ud;
    struct HealthModel *m = health_model(app);
    m->explain_loading = false;
    free(m->explain);
    m->explain = NULL;
    m->explain_failed = !res->ok;
    if (!res->ok) {
        m->explain = xasprintf("EXPLAIN failed: %s", res->error ? res->error : "no reason given");
    } else {
        struct StrBuf sb;
        sb_init(&sb);
        for (int r = 0; r < res->rows->nrows; r++) {
            const char *line = db_rows_get(res->rows, r, 0);
            sb_append(&sb, line ? line : "");
            sb_putc(&sb, '\n');
        }
        m->explain = sb_steal(&sb);
    }
    app->dirty = true;
}

/* Planning evaluates the immutable functions a query calls, with the privileges of the role
 * that plans it. Another session's text is therefore planned only as salondesk_planner, a role
 * that can read and do nothing else, with a search_path no one else can write to; without that
 * role, only the console's own role's queries are planned (their author has its privileges
 * already). */
static const char *explain_role(const struct App *app, const char *user, char **why)
{
    if (app->schema.planner)
        return "salondesk_planner";
    if (user && app->schema.user && strcmp(user, app->schema.user) == 0)
        return app->schema.user;
    const char *me = app->schema.user ? app->schema.user : "this role";
    *why = xasprintf("Plans of other roles' queries are made as the role salondesk_planner "
                     "(sql/roles.sql), which this login cannot use: planning runs the query's "
                     "immutable functions, and as %s they could use all of its privileges. "
                     "Queries of %s itself can be planned.",
                     me, me);
    return NULL;
}

void health_open_detail(struct App *app, int pid, const char *user, const char *query, bool explain)
{
    struct HealthModel *m = health_ensure(app);
    if (m->detail_pid != pid || !m->detail_query || strcmp(m->detail_query, query ? query : "")) {
        char *q = xstrdup(query ? query : ""), *u = user ? xstrdup(user) : NULL;
        free(m->detail_query);
        free(m->detail_user);
        m->detail_query = q;
        m->detail_user = u;
        query = q;
        XFREE(m->explain);
    }
    m->detail_pid = pid;
    app->dirty = true;
    if (!explain || m->explain_loading)
        return;
    char *why = NULL;
    const char *role = explain_role(app, m->detail_user, &why);
    char *sql = role ? health_sql_explain(query, &why) : NULL;
    XFREE(m->explain);
    if (!sql) {
        m->explain = why;
        m->explain_failed = true;
        return;
    }
    free(m->explain_as);
    m->explain_as = xstrdup(role);
    m->explain_loading = true;
    struct DbAs as = {.role = app->schema.planner ? role : NULL,
                      .search_path = app->schema.planner ? "pg_catalog, pg_temp" : NULL};
    db_conn_submit_as(app->db, "health_explain", sql, 0, NULL, &as, on_explain, app);
    free(sql);
}

void health_close_detail(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    m->detail_pid = 0;
    XFREE(m->detail_query);
    XFREE(m->detail_user);
    XFREE(m->explain);
    app->dirty = true;
}

void health_ask(struct App *app, enum HealthAsk what, int pid, const char *user, const char *query)
{
    struct HealthModel *m = health_ensure(app);
    if (m->acting) {
        app_message(app, MSG_INFO, "the last action is still running");
        return;
    }
    health_targets_free(m);
    m->ask = what;
    m->ask_pid = pid;
    free(m->ask_user);
    free(m->ask_query);
    m->ask_user = xstrdup(user ? user : "");
    m->ask_query = xstrdup(query ? query : "");
    m->ask_pooled = app->dsn.pooler;
    app->dirty = true;
}

void health_decline(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    m->ask = HA_NONE;
    health_targets_free(m);
    app->dirty = true;
}

struct ActCtx {
    struct App *app;
    bool terminate;
    int pid;
    char *user; /* what the confirmation showed */
    char *query;
};

static void audit(struct App *app, const struct ActCtx *c, const char *outcome)
{
    char *server = xasprintf("%s/%s", db_conn_host(app->db) ? db_conn_host(app->db) : "",
                             db_conn_dbname(app->db) ? db_conn_dbname(app->db) : "");
    /* The target session as the activity rows last showed it (every row, not only the
     * filtered ones); audit_append() makes each value safe. */
    const char *tuser = NULL, *tdb = NULL, *tapp = NULL;
    const struct HealthModel *m = health_model(app);
    const struct DbRows *rows = m ? m->activity.rows : NULL;
    int cpid = rows ? db_rows_col(rows, "pid") : -1;
    for (int i = 0; cpid >= 0 && i < rows->nrows; i++) {
        const char *v = db_rows_get(rows, i, cpid);
        if (v && atoi(v) == c->pid) {
            tuser = db_rows_get(rows, i, db_rows_col(rows, "user"));
            tdb = db_rows_get(rows, i, db_rows_col(rows, "database"));
            tapp = db_rows_get(rows, i, db_rows_col(rows, "application"));
            break;
        }
    }
    if (!tuser)
        tuser = c->user; /* what the confirmation showed */
    struct AuditEntry e = {
        .db_user = app->schema.user,
        .server = server,
        .pid = c->pid,
        .target_user = tuser,
        .target_db = tdb,
        .target_app = tapp,
        .action = c->terminate ? "terminate" : "cancel",
        .outcome = outcome,
        .query = c->query,
    };
    char *err = NULL;
    if (!audit_append(NULL, &e, &err)) {
        app_message(app, MSG_ERROR, "%s", err);
        free(err);
    }
    free(server);
}

static void on_signal(void *ud, struct DbResult *res)
{
    struct ActCtx *c = ud;
    struct App *app = c->app;
    struct HealthModel *m = health_model(app);
    if (m && m->acting_left > 0)
        m->acting_left--;
    if (m)
        m->acting = m->acting_left > 0;
    const char *what = c->terminate ? "terminate" : "cancel";
    if (res->ok) {
        const char *present = db_rows_get(res->rows, 0, 0);
        const char *v = db_rows_get(res->rows, 0, 1);
        bool there = present && present[0] == 't', done = v && v[0] == 't';
        if (done) {
            audit(app, c, "ok");
            if (m && health_tagged(m, c->pid))
                health_tag(app, c->pid); /* done: no longer tagged */
            app_message(app, MSG_INFO, "%s sent to pid %d", what, c->pid);
        } else if (there && !v) {
            audit(app, c, "not signalled: the session runs another query now");
            app_message(app, MSG_WARN,
                        "%s: nothing done, pid %d runs another query now (look again)", what,
                        c->pid);
        } else {
            audit(app, c, "not signalled: no such backend");
            app_message(app, MSG_WARN, "%s: pid %d is gone", what, c->pid);
        }
    } else {
        const char *err = res->error ? res->error : "failed";
        audit(app, c, err);
        app_message(app, MSG_ERROR, "%s pid %d refused: %s", what, c->pid, err);
    }
    if (m)
        m->next_live = 0; /* show the result at once */
    free(c->user);
    free(c->query);
    free(c);
    app->dirty = true;
}

/* Signals one session, guarded by the query the confirmation showed; audited on the answer. */
static void signal_one(struct App *app, struct HealthModel *m, bool terminate, int pid,
                       const char *user, const char *query)
{
    struct ActCtx *c = xcalloc(1, sizeof *c);
    c->app = app;
    c->terminate = terminate;
    c->pid = pid;
    c->user = user ? xstrdup(user) : NULL;
    c->query = xstrdup(query ? query : "");
    char pids[24];
    snprintf(pids, sizeof pids, "%d", c->pid);
    const char *params[2] = {pids, c->query};
    bool guarded = c->query[0] != '\0'; /* :cancel PID of a session not on screen: none */
    m->acting = true;
    m->acting_left++;
    db_conn_submit(app->db, terminate ? "health_terminate" : "health_cancel",
                   health_sql_signal(terminate, guarded), guarded ? 2 : 1, params, on_signal, c);
}

static void confirm_tagged(struct App *app, struct HealthModel *m, bool terminate, int typed)
{
    int n = m->ask_n;
    if (terminate && typed != n) {
        app_message(app, MSG_WARN, "terminate: %d does not match the %d sessions; nothing done",
                    typed, n);
    } else {
        for (int i = 0; i < n; i++)
            signal_one(app, m, terminate, m->ask_targets[i].pid, m->ask_targets[i].user,
                       m->ask_targets[i].query);
        app_message(app, MSG_INFO, "%s %d sessions…", terminate ? "terminating" : "cancelling", n);
    }
    health_targets_free(m);
}

void health_confirm(struct App *app, int typed_pid)
{
    struct HealthModel *m = health_ensure(app);
    if (m->ask == HA_NONE)
        return;
    bool terminate = m->ask == HA_TERMINATE;
    m->ask = HA_NONE;
    if (m->ask_targets) {
        confirm_tagged(app, m, terminate, typed_pid);
        return;
    }
    if (terminate && typed_pid != m->ask_pid) {
        app_message(app, MSG_WARN, "terminate: pid %d does not match %d; nothing done", typed_pid,
                    m->ask_pid);
        return;
    }
    signal_one(app, m, terminate, m->ask_pid, m->ask_user, m->ask_query);
    app_message(app, MSG_INFO, "%s pid %d…", terminate ? "terminating" : "cancelling", m->ask_pid);
}

void health_acknowledge(struct App *app)
{
    struct HealthModel *m = health_ensure(app);
    int n = health_repl_ack(&m->repl);
    if (!n) {
        app_message(app, MSG_INFO, "no standby has gone away");
        return;
    }
    if (m->repl_raw) {
        struct DbRows *rows =
            health_repl_present(&m->repl, m->repl_raw, &app->cfg.repl_lag_s, true);
        td_set_rows(&m->views[HV_REPLICATION], &rows, m->views[HV_REPLICATION].latency_ms,
                    m->views[HV_REPLICATION].updated);
    }
    app_message(app, MSG_INFO, "acknowledged: %d standby%s gone", n, n == 1 ? "" : "s");
    app->dirty = true;
}

int health_find_pid(const struct TableData *td, int pid)
{
    if (!td->rows)
        return -1;
    int c = db_rows_col(td->rows, "pid");
    for (int i = 0; i < td->nvisible; i++) {
        const char *v = db_rows_get(td->rows, td->visible[i], c);
        if (v && atoi(v) == pid)
            return i;
    }
    return -1;
}

/* --- --once health -------------------------------------------------------------------------- */

int health_batch_state(struct App *app, enum ViewId v)
{
    (void)v;
    struct HealthModel *m = health_model(app);
    if (!m)
        return 0;
    if (m->error)
        return -1;
    /* Two samples, so that the rates (TPS, rows, temp bytes) are there. */
    bool pool = !app->admin || (m->pool.tried && m->pool_pending == 0);
    return m->activity.rows && m->hist.n >= 2 && m->slow.tried && m->repl.tried && pool &&
                   !m->live_loading && !m->slow_loading && !m->repl_loading
               ? 1
               : 0;
}

char *health_hidden_hint(const struct App *app, const struct HealthSummary *s)
{
    if (s->hidden <= 0 || app->schema.pg_monitor)
        return NULL;
    const char *me = app->schema.user ? app->schema.user : "current_user";
    /* quoted only where SQL needs it */
    bool plain = (*me >= 'a' && *me <= 'z') || *me == '_';
    for (const char *c = me; plain && *c; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    char *role = plain ? xstrdup(me) : sql_ident(me);
    char *out = xasprintf("%d session%s of other roles hidden from %s; to show them, an "
                          "administrator can run: GRANT pg_monitor TO %s;",
                          s->hidden, s->hidden == 1 ? "" : "s", me, role);
    free(role);
    return out;
}

/* v with one decimal (whole when digits is 0), or NULL when unknown (negative). */
static char *num_or_null(double v, int digits)
{
    return v >= 0 ? xasprintf("%.*f", digits, v) : NULL;
}

/* The summary as name/value pairs (values formatted, NULL when unknown). */
static struct DbRows *summary_rows(const struct App *app, const struct HealthModel *m)
{
    const struct HealthSummary *s = &m->sum;
    /* Figures this role cannot know are empty, with the grant that would show them. */
    char *hint = health_hidden_hint(app, s);
    const struct HealthSlow *w = &m->slow;
    const struct HealthRepl *rp = &m->repl;
    bool sb = rp->valid && rp->standby, pr = rp->valid && !rp->standby;
    const struct HealthProc *pc = &m->proc;
    struct {
        const char *name;
        char *value;
    } kv[] = {
        {"connections", xasprintf("%d", s->sessions)},
        {"max_connections", xasprintf("%lld", s->max_connections)},
        {"active", xasprintf("%d", s->active)},
        {"idle", xasprintf("%d", s->idle)},
        {"idle_in_transaction", xasprintf("%d", s->idle_tx)},
        {"waiting", xasprintf("%d", s->waiting)},
        {"blocked", xasprintf("%d", s->blocked)},
        {"tps", s->have_rates ? xasprintf("%.1f", s->tps) : NULL},
        {"rows_read_per_s", s->have_rates ? xasprintf("%.0f", s->read_s) : NULL},
        {"rows_written_per_s", s->have_rates ? xasprintf("%.0f", s->written_s) : NULL},
        {"temp_bytes_per_s", s->have_rates ? xasprintf("%.0f", s->temp_bytes_s) : NULL},
        {"cache_hit_pct", s->cache_hit_pct >= 0 ? xasprintf("%.2f", s->cache_hit_pct) : NULL},
        {"temp_bytes", xasprintf("%lld", s->temp_bytes)},
        {"deadlocks", xasprintf("%lld", s->deadlocks)},
        {"db_size_bytes", w->valid && w->db_size >= 0 ? xasprintf("%lld", w->db_size) : NULL},
        {"uptime_s", xasprintf("%lld", s->uptime_s)},
        {"hidden_sessions", xasprintf("%d", s->hidden)},
        {"longest_query_s", s->longest_query_s >= 0 ? xasprintf("%.1f", s->longest_query_s) : NULL},
        {"longest_xact_s", s->longest_xact_s >= 0 ? xasprintf("%.1f", s->longest_xact_s) : NULL},
        {"oldest_xmin_age", s->oldest_xmin_age >= 0 ? xasprintf("%lld", s->oldest_xmin_age) : NULL},
        {"wraparound_pct", xasprintf("%.2f", s->wraparound_pct)},
        {"webhook_errors_1h",
         w->valid && w->webhook_errors_1h >= 0 ? xasprintf("%lld", w->webhook_errors_1h) : NULL},
        {"failed_messages_1h",
         w->valid && w->failed_messages_1h >= 0 ? xasprintf("%lld", w->failed_messages_1h) : NULL},
        {"bookings_per_min",
         w->valid && w->bookings_pm >= 0 ? xasprintf("%.1f", w->bookings_pm) : NULL},
        {"messages_per_min",
         w->valid && w->messages_pm >= 0 ? xasprintf("%.1f", w->messages_pm) : NULL},
        {"hint", hint},
        /* Replication: the level and its reason for an alert; the figures of each side. */
        {"role", rp->valid ? xstrdup(rp->standby ? "standby" : "primary") : NULL},
        {"replication_level", rp->valid ? xstrdup(health_level_name(rp->level)) : NULL},
        {"replication_alert", rp->alert ? xstrdup(rp->alert) : NULL},
        {"standbys", pr ? xasprintf("%d", rp->standbys) : NULL},
        {"standbys_hidden", pr ? xasprintf("%d", rp->hidden) : NULL},
        {"standby_worst_replay_lag_s", pr ? num_or_null(rp->worst_lag_s, 1) : NULL},
        {"standbys_gone", pr ? xasprintf("%d", rp->ngone) : NULL},
        {"inactive_slots_holding_wal", rp->valid ? xasprintf("%d", rp->slots_idle) : NULL},
        {"wal_receiver", sb ? xstrdup(rp->receiver          ? rp->receiver
                                      : rp->receiver_hidden ? "hidden"
                                                            : "none")
                            : NULL},
        {"wal_receiver_last_msg_s", sb ? num_or_null(rp->last_msg_s, 1) : NULL},
        {"replay", sb && rp->pause ? xstrdup(rp->pause) : NULL},
        {"replay_behind_bytes", sb ? num_or_null((double)rp->behind_bytes, 0) : NULL},
        {"replay_lag_s", sb ? num_or_null(rp->lag_s, 1) : NULL},
        /* The host, when the server runs on it (health_proc.h). */
        {"per_process", xstrdup(pc->local ? "local"
                                : pc->why ? pc->why
                                          : "unknown")},
        {"host_load_1m", pc->local && pc->have_host ? xasprintf("%.2f", pc->load[0]) : NULL},
        {"host_mem_total_kb", pc->local ? num_or_null((double)pc->mem_total_kb, 0) : NULL},
        {"host_mem_available_kb", pc->local ? num_or_null((double)pc->mem_avail_kb, 0) : NULL},
    };
    int n = (int)(sizeof kv / sizeof kv[0]);
    enum { POOL_MAX = 32 };
    const char *pn[POOL_MAX];
    char *pv[POOL_MAX];
    int np = health_pool_summary(&m->pool, pn, pv, POOL_MAX);
    struct DbRows *r = db_rows_new(n + np, 2);
    r->names[0] = xstrdup("metric");
    r->names[1] = xstrdup("value");
    for (int i = 0; i < n + np; i++) {
        r->cells[i * 2] = xstrdup(i < n ? kv[i].name : pn[i - n]);
        r->cells[i * 2 + 1] = i < n ? kv[i].value : pv[i - n];
    }
    return r;
}

/* The pooler's pools: JSON always has "pools" (empty without a pooler); text and CSV have the
 * section only behind a pooler, with why the figures are missing when they are. */
static void write_pools(struct App *app, const struct HealthModel *m, const char *fmt, FILE *out)
{
    bool json = strcmp(fmt, "json") == 0, text = !json && strcmp(fmt, "csv") != 0;
    if (!json && !m->pool.behind)
        return;
    fputs(json ? ", \"pools\": " : text ? "\nPools\n" : "\r\n# pools\r\n", out);
    struct DbRows *rows =
        m->pool.valid && !m->pool.why
            ? health_pool_present(&m->pool, m->pool_raw[POOLER_POOLS],
                                  m->pool_raw[POOLER_DATABASES], &app->cfg.pool_pct)
            : db_rows_new(0, 0);
    char *missing = health_pool_missing(&m->pool);
    if (text && missing) {
        char *s = text_safe(missing, (size_t)-1, 0);
        fprintf(out, "%s\n", s);
        free(s);
    }
    free(missing);
    int *all = xcalloc((size_t)rows->nrows + 1, sizeof *all);
    for (int i = 0; i < rows->nrows; i++)
        all[i] = i;
    if (!text || rows->nrows > 0)
        batch_write(fmt, rows, all, rows->nrows, out);
    free(all);
    db_rows_free(&rows);
}

int health_batch_write(struct App *app, enum ViewId v, FILE *out)
{
    (void)v;
    struct HealthModel *m = health_model(app);
    if (!m || m->error) {
        char *s = text_safe(m && m->error ? m->error : "no data", (size_t)-1, 0);
        fprintf(stderr, "salondesk: health: %s\n", s);
        free(s);
        return 1;
    }
    const char *fmt = app->opt.format;
    bool json = strcmp(fmt, "json") == 0, text = !json && strcmp(fmt, "csv") != 0;
    struct DbRows *sum = summary_rows(app, m);
    int *all = xcalloc((size_t)sum->nrows + 1, sizeof *all);
    for (int i = 0; i < sum->nrows; i++)
        all[i] = i;
    /* Three sections: text and CSV put a title line (CSV: "# name") and a blank line between
     * them; JSON is one object {"summary": [...], "activity": [...], "blocking": [...]}. */
    fputs(json ? "{\"summary\": " : text ? "Summary\n" : "# summary\r\n", out);
    batch_write(fmt, sum, all, sum->nrows, out);
    fputs(json ? ", \"activity\": " : text ? "\nActivity\n" : "\r\n# activity\r\n", out);
    batch_write(fmt, m->activity.rows, m->activity.visible, m->activity.nvisible, out);
    fputs(json ? ", \"blocking\": " : text ? "\nBlocking\n" : "\r\n# blocking\r\n", out);
    if (text && m->blocking.rows->nrows == 0)
        fputs("no session waits on a lock\n", out);
    else
        batch_write(fmt, m->blocking.rows, m->blocking.visible, m->blocking.nvisible, out);
    fputs(json ? ", \"replication\": " : text ? "\nReplication\n" : "\r\n# replication\r\n", out);
    struct DbRows *repl =
        m->repl_raw ? health_repl_present(&m->repl, m->repl_raw, &app->cfg.repl_lag_s, false)
                    : db_rows_new(0, 0);
    int *rall = xcalloc((size_t)repl->nrows + 1, sizeof *rall);
    for (int i = 0; i < repl->nrows; i++)
        rall[i] = i;
    if (text && m->repl.valid && !m->repl.standby && m->repl.standbys == 0)
        fputs("no standby streams from this server\n", out);
    if (!text || repl->nrows > 0)
        batch_write(fmt, repl, rall, repl->nrows, out);
    write_pools(app, m, fmt, out);
    if (json)
        fputs("}\n", out);
    free(rall);
    db_rows_free(&repl);
    free(all);
    db_rows_free(&sum);
    return 0;
}
