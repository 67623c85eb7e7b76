/* The Health tab's pooler figures: SHOW CONFIG, SHOW DATABASES and SHOW POOLS on the admin
 * console's own connection (app->admin), once per refresh while Health is shown, and what to
 * say when the console cannot be read. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/app.h"
#include "src/model/health.h"
#include "src/queries/pooler_sql.h"
#include "src/util/xalloc.h"

#define CONFIG_MS 30000

static const char *const no_pooler =
    "No pooler in front of this server: the DSN has no pgbouncer=true and the profile names no "
    "pooler_admin.";

/* The figures of the last complete set of answers, into the strip, the view and --once. */
static void pool_take(struct App *app, struct HealthModel *m)
{
    struct HealthPool *p = &m->pool;
    const struct DbRows *ver = m->pool_raw[POOLER_VERSION];
    const char *v = ver ? db_rows_get(ver, 0, db_rows_col(ver, "version")) : NULL;
    if (v && (!p->version || strcmp(p->version, v) != 0)) {
        free(p->version);
        p->version = xstrdup(v);
    }
    health_pool_update(p, m->pool_raw[POOLER_POOLS], m->pool_raw[POOLER_DATABASES],
                       m->pool_raw[POOLER_CONFIG], db_conn_dbname(app->db), db_conn_user(app->db),
                       &app->cfg.pool_pct);
    struct DbRows *rows = health_pool_present(p, m->pool_raw[POOLER_POOLS],
                                              m->pool_raw[POOLER_DATABASES], &app->cfg.pool_pct);
    struct TableData *td = &m->views[HV_POOLS];
    td_set_noaccess(td, NULL);
    td_set_loading(td, false);
    td_set_rows(td, &rows, 0, time(NULL));
}

static void pool_failed(struct App *app, struct HealthModel *m, const char *why)
{
    if (!health_pool_fail(&m->pool, why))
        return; /* the same words again change nothing */
    char *words = health_pool_missing(&m->pool);
    td_set_loading(&m->views[HV_POOLS], false);
    td_set_noaccess(&m->views[HV_POOLS], words);
    free(words);
    app->dirty = true;
}

static void on_show(struct App *app, enum PoolerShow what, struct DbResult *res)
{
    struct HealthModel *m = health_model(app);
    if (!m)
        return;
    m->pool_pending--;
    if (!res->ok) {
        pool_failed(app, m, res->error ? res->error : "no answer");
        return;
    }
    db_rows_free(&m->pool_raw[what]);
    m->pool_raw[what] = res->rows;
    res->rows = NULL;
    if (what == POOLER_POOLS && m->pool_raw[POOLER_CONFIG] && m->pool_raw[POOLER_DATABASES])
        pool_take(app, m);
    app->dirty = true;
}

static void on_version(void *ud, struct DbResult *res)
{
    on_show(ud, POOLER_VERSION, res);
}

static void on_config(void *ud, struct DbResult *res)
{
    on_show(ud, POOLER_CONFIG, res);
}

static void on_databases(void *ud, struct DbResult *res)
{
    on_show(ud, POOLER_DATABASES, res);
}

static void on_pools(void *ud, struct DbResult *res)
{
    on_show(ud, POOLER_POOLS, res);
}

/* While the console is down or refused the login, Health says why instead of nothing. */
static void watch_state(struct App *app, struct HealthModel *m)
{
    enum DbState st = db_conn_state(app->admin);
    if (st != DB_RETRY_WAIT && st != DB_FAILED)
        return;
    const char *e = db_conn_last_error(app->admin);
    const char *why = e ? e : db_conn_state_text(app->admin, db_now_ms());
    pool_failed(app, m, why);
}

void health_pool_pump(struct App *app, struct HealthModel *m, bool visible, int64_t now)
{
    m->pool.behind = app->admin_src != ADMIN_NONE;
    if (!app->admin) {
        if (!m->pool.tried && app->admin_src == ADMIN_OFF)
            pool_failed(app, m, "off (pooler_admin: off in the profile)");
        else if (!m->pool.tried && !m->views[HV_POOLS].noaccess)
            td_set_noaccess(&m->views[HV_POOLS], no_pooler);
        return;
    }
    if (!visible)
        return;
    if (db_conn_state(app->admin) == DB_IDLE)
        db_conn_start(app->admin, now);
    watch_state(app, m);
    if (m->pool_pending > 0 || now < m->next_pool)
        return;
    static const db_done_fn done[POOLER__COUNT] = {on_version, on_config, on_databases, on_pools};
    _Static_assert(POOLER__COUNT == HEALTH_POOL_SHOWS, "one answer kept per SHOW");
    if (!m->pool.valid && !m->pool.why)
        td_set_loading(&m->views[HV_POOLS], true);
    /* The version and settings (some 80 rows) change seldom: read every 30 s, or after a
     * failure. */
    bool config = !m->pool_raw[POOLER_CONFIG] || m->pool.why || now >= m->next_pool_config;
    if (config)
        m->next_pool_config = now + CONFIG_MS;
    m->next_pool = now + app->refresh_ms;
    for (int w = config ? 0 : POOLER_DATABASES; w < POOLER__COUNT; w++) {
        m->pool_pending++;
        db_conn_submit(app->admin, pooler_sql_name((enum PoolerShow)w),
                       pooler_sql((enum PoolerShow)w), 0, NULL, done[w], app);
    }
}

int64_t health_pool_deadline(const struct App *app, const struct HealthModel *m)
{
    return app->admin && m->pool_pending == 0 ? m->next_pool : -1;
}

void health_pool_refresh(struct App *app, struct HealthModel *m)
{
    m->next_pool = m->next_pool_config = 0;
    if (app->admin && db_conn_state(app->admin) == DB_FAILED && !app->opt.once)
        db_conn_reconnect(app->admin, db_now_ms());
}

static char *fmt_num(double v, int digits)
{
    return v >= 0 ? xasprintf("%.*f", digits, v) : NULL;
}

int health_pool_summary(const struct HealthPool *p, const char **names, char **values, int max)
{
    bool f = p->valid && !p->why;
    const struct {
        const char *name;
        char *value;
    } kv[] = {
        {"pooler", p->behind ? xstrdup("pgbouncer") : NULL},
        {"pooler_version", p->behind && p->version ? xstrdup(p->version) : NULL},
        {"pooler_admin", !p->behind ? NULL
                         : f        ? xstrdup("ok")
                                    : health_pool_missing(p)},
        {"pool_level", f ? xstrdup(health_level_name((enum HealthLevel)p->level)) : NULL},
        {"pool_alert", f && p->alert ? xstrdup(p->alert) : NULL},
        {"pool_mode", f && p->pool_mode ? xstrdup(p->pool_mode) : NULL},
        {"pool_clients", f ? xasprintf("%d", p->clients) : NULL},
        {"pool_clients_waiting", f ? xasprintf("%d", p->waiting) : NULL},
        {"max_client_conn",
         f && p->max_client_conn >= 0 ? xasprintf("%lld", p->max_client_conn) : NULL},
        {"max_client_conn_pct", f ? fmt_num(p->client_pct, 1) : NULL},
        {"pool_database", f && p->database ? xstrdup(p->database) : NULL},
        {"pool_user", f && p->user ? xstrdup(p->user) : NULL},
        {"pool_cl_active", f && p->database ? xasprintf("%d", p->db_active) : NULL},
        {"pool_cl_waiting", f && p->database ? xasprintf("%d", p->db_waiting) : NULL},
        {"pool_servers", f && p->database ? xasprintf("%d", p->servers) : NULL},
        {"pool_size", f && p->pool_size >= 0 ? xasprintf("%lld", p->pool_size) : NULL},
        {"pool_use_pct", f ? fmt_num(p->pool_pct, 1) : NULL},
        {"default_pool_size",
         f && p->default_pool_size >= 0 ? xasprintf("%lld", p->default_pool_size) : NULL},
        {"max_db_connections",
         f && p->max_db_connections >= 0 ? xasprintf("%lld", p->max_db_connections) : NULL},
        {"pool_worst_use_pct", f ? fmt_num(p->worst_pct, 1) : NULL},
        {"pool_longest_wait_s", f ? xasprintf("%.3f", p->longest_wait_s) : NULL},
    };
    int n = 0;
    /* Without a pooler, only "pooler": the rest would be empty lines. */
    size_t want = p->behind ? sizeof kv / sizeof kv[0] : 1;
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        if (n < max && i < want) {
            names[n] = kv[i].name;
            values[n++] = kv[i].value;
        } else {
            free(kv[i].value);
        }
    }
    return n;
}
