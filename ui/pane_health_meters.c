/* The Health strip's figures as a table, like htop's meters: each says where its value comes
 * from in the model, how it is written, which threshold colours it and how it looks. Every level
 * is a threshold of the config (src/config/config.h) or one of the named levels here; the
 * drawing (pane_health_strip.c) has none of its own. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "src/model/health.h"

#include "ui/pane_health_int.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* --- the levels the config does not set (the only ones outside it) -------------------------- */

/* Transaction ids used of the 2^31 before wraparound, in percent. */
static const struct Threshold wraparound_pct = {50, 80};
/* Any count above zero is a warning, or critical. */
static const struct Threshold nonzero_warn = {DBL_TRUE_MIN, INFINITY};
static const struct Threshold nonzero_crit = {DBL_TRUE_MIN, DBL_TRUE_MIN};
/* A figure that is already a level (0 OK, 1 WARN, 2 CRIT). */
static const struct Threshold as_level = {HL_WARN, HL_CRIT};
/* The share of reads served from the cache: a warning below this. */
static const double cache_hit_low_pct = 90;

enum HealthLevel hp_limit_level(enum StripLimit l, double v, const struct Config *cfg)
{
    switch (l) {
    case LIM_NONE:
        return HL_OK;
    case LIM_CONN_PCT:
        return health_level(v, &cfg->conn_pct);
    case LIM_POOL_PCT:
        return health_level(v, &cfg->pool_pct);
    case LIM_QUERY_S:
        return health_level(v, &cfg->query_s);
    case LIM_REPL_LAG_S:
        return health_level(v, &cfg->repl_lag_s);
    case LIM_WRAPAROUND:
        return health_level(v, &wraparound_pct);
    case LIM_NONZERO_WARN:
        return health_level(v, &nonzero_warn);
    case LIM_NONZERO_CRIT:
        return health_level(v, &nonzero_crit);
    case LIM_AS_LEVEL:
        return health_level(v, &as_level);
    case LIM_CACHE_LOW:
        return v < cache_hit_low_pct ? HL_WARN : HL_OK;
    }
    return HL_OK;
}

/* --- where each figure comes from ----------------------------------------------------------- */

static const struct HealthRepl *repl(const struct StripCtx *c)
{
    return c->m->repl.valid ? &c->m->repl : NULL;
}

static const struct HealthRepl *standby(const struct StripCtx *c)
{
    const struct HealthRepl *r = repl(c);
    return r && r->standby ? r : NULL;
}

static const char *count(char *buf, size_t size, long long n)
{
    snprintf(buf, size, "%lld", n);
    return buf;
}

static const char *age_or(char *buf, size_t size, double s, const char *none)
{
    health_format_age(s, buf, size);
    return *buf ? buf : none;
}

static bool paused(const struct HealthRepl *r)
{
    return r->pause && strcmp(r->pause, "not paused") != 0;
}

static const char *t_standby(const struct StripCtx *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    const struct HealthRepl *r = standby(c);
    return !r ? NULL : paused(r) ? "STANDBY PAUSED" : "STANDBY";
}

static double f_standby(const struct StripCtx *c)
{
    return paused(&c->m->repl);
}

static const char *t_receiver(const struct StripCtx *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    const struct HealthRepl *r = standby(c);
    return !r ? NULL : r->receiver ? r->receiver : r->receiver_hidden ? "hidden" : "none";
}

/* Streaming is well; another state, or one the role cannot see, a warning; none, critical. */
static double f_receiver(const struct StripCtx *c)
{
    const struct HealthRepl *r = &c->m->repl;
    return r->receiver && strcmp(r->receiver, "streaming") == 0 ? HL_OK
           : r->receiver || r->receiver_hidden                  ? HL_WARN
                                                                : HL_CRIT;
}

static const char *t_msg(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthRepl *r = standby(c);
    return r && r->last_msg_s >= 0 ? age_or(buf, size, r->last_msg_s, "") : NULL;
}

static const char *t_behind(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthRepl *r = standby(c);
    if (!r || r->behind_bytes < 0)
        return NULL;
    health_format_bytes((double)r->behind_bytes, buf, size);
    return buf;
}

static double f_behind(const struct StripCtx *c)
{
    return (double)c->m->repl.behind_bytes;
}

static const char *t_lag(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthRepl *r = standby(c);
    return r ? age_or(buf, size, r->lag_s, "-") : NULL;
}

static double f_lag(const struct StripCtx *c)
{
    return c->m->repl.lag_s;
}

static const char *t_standbys(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthRepl *r = repl(c);
    return r && !r->standby && (r->standbys || r->ngone) ? count(buf, size, r->standbys) : NULL;
}

static const char *t_alert(const struct StripCtx *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    const struct HealthRepl *r = repl(c);
    return r && r->level != HL_OK ? r->alert : NULL;
}

static double f_alert(const struct StripCtx *c)
{
    return c->m->repl.level;
}

static const char *l_alert(const struct StripCtx *c)
{
    return c->m->repl.level == HL_CRIT ? "CRIT " : "WARN ";
}

static const char *t_active(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, c->m->sum.active);
}

static const char *t_idle(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, c->m->sum.idle);
}

static const char *t_idle_tx(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, c->m->sum.idle_tx);
}

static double f_idle_tx(const struct StripCtx *c)
{
    return c->m->sum.idle_tx;
}

static const char *t_waiting(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, c->m->sum.waiting);
}

static double f_waiting(const struct StripCtx *c)
{
    return c->m->sum.waiting;
}

static const char *t_blocked(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, c->m->sum.blocked);
}

static double f_blocked(const struct StripCtx *c)
{
    return c->m->sum.blocked;
}

/* Sessions whose state is unknown to this role, with what would show them. */
static const char *t_hidden(const struct StripCtx *c, char *buf, size_t size)
{
    const struct Schema *sc = &c->app->schema;
    if (c->m->sum.hidden <= 0 || sc->pg_monitor)
        return NULL;
    snprintf(buf, size, "%d (GRANT pg_monitor TO %s)", c->m->sum.hidden,
             sc->user ? sc->user : "this role");
    return buf;
}

static const char *t_tps(const struct StripCtx *c, char *buf, size_t size)
{
    if (!c->m->sum.have_rates)
        return "…";
    snprintf(buf, size, "%.1f", c->m->sum.tps);
    return buf;
}

static const char *rate(const struct StripCtx *c, char *buf, size_t size, double per_s)
{
    if (!c->m->sum.have_rates)
        return NULL;
    snprintf(buf, size, "%.0f/s", per_s);
    return buf;
}

static const char *t_read(const struct StripCtx *c, char *buf, size_t size)
{
    return rate(c, buf, size, c->m->sum.read_s);
}

static const char *t_written(const struct StripCtx *c, char *buf, size_t size)
{
    return rate(c, buf, size, c->m->sum.written_s);
}

static const char *t_temp(const struct StripCtx *c, char *buf, size_t size)
{
    if (!c->m->sum.have_rates)
        return NULL;
    char b[32];
    health_format_bytes(c->m->sum.temp_bytes_s, b, sizeof b);
    snprintf(buf, size, "%s/s", b);
    return buf;
}

static double f_temp(const struct StripCtx *c)
{
    return c->m->sum.temp_bytes_s;
}

static const char *t_cache(const struct StripCtx *c, char *buf, size_t size)
{
    if (c->m->sum.cache_hit_pct < 0)
        return NULL;
    snprintf(buf, size, "%.1f%%", c->m->sum.cache_hit_pct);
    return buf;
}

static double f_cache(const struct StripCtx *c)
{
    return c->m->sum.cache_hit_pct;
}

static const char *t_deadlocks(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, c->m->sum.deadlocks);
}

/* New deadlocks since the last refresh are critical; old ones only counted. */
static double f_deadlocks(const struct StripCtx *c)
{
    return c->m->sum.have_rates ? (double)c->m->sum.deadlocks_d : 0;
}

static const char *t_db(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthSlow *sl = &c->m->slow;
    if (!sl->valid || sl->db_size < 0)
        return NULL;
    health_format_bytes((double)sl->db_size, buf, size);
    return buf;
}

static const char *t_up(const struct StripCtx *c, char *buf, size_t size)
{
    long long s = c->m->sum.uptime_s;
    snprintf(buf, size, "%lldd %02lld:%02lld", s / 86400, s / 3600 % 24, s / 60 % 60);
    return buf;
}

static const char *t_longest_query(const struct StripCtx *c, char *buf, size_t size)
{
    return age_or(buf, size, c->m->sum.longest_query_s, c->none);
}

static double f_longest_query(const struct StripCtx *c)
{
    return c->m->sum.longest_query_s;
}

static const char *t_longest_xact(const struct StripCtx *c, char *buf, size_t size)
{
    return age_or(buf, size, c->m->sum.longest_xact_s, c->none);
}

static double f_longest_xact(const struct StripCtx *c)
{
    return c->m->sum.longest_xact_s;
}

static const char *t_xmin(const struct StripCtx *c, char *buf, size_t size)
{
    return c->m->sum.oldest_xmin_age >= 0 ? count(buf, size, c->m->sum.oldest_xmin_age) : c->none;
}

static const char *t_wraparound(const struct StripCtx *c, char *buf, size_t size)
{
    snprintf(buf, size, "%.1f%%", c->m->sum.wraparound_pct);
    return buf;
}

static double f_wraparound(const struct StripCtx *c)
{
    return c->m->sum.wraparound_pct;
}

/* A figure of the slow (platform) refresh, or NULL when it is unknown. */
static const char *slow_count(const struct StripCtx *c, char *buf, size_t size, long long n)
{
    return c->m->slow.valid && n >= 0 ? count(buf, size, n) : NULL;
}

static const char *slow_rate(const struct StripCtx *c, char *buf, size_t size, double n)
{
    if (!c->m->slow.valid || n < 0)
        return NULL;
    snprintf(buf, size, "%.1f", n);
    return buf;
}

static const char *t_webhook(const struct StripCtx *c, char *buf, size_t size)
{
    return slow_count(c, buf, size, c->m->slow.webhook_errors_1h);
}

static double f_webhook(const struct StripCtx *c)
{
    return (double)c->m->slow.webhook_errors_1h;
}

static const char *t_failed(const struct StripCtx *c, char *buf, size_t size)
{
    return slow_count(c, buf, size, c->m->slow.failed_messages_1h);
}

static double f_failed(const struct StripCtx *c)
{
    return (double)c->m->slow.failed_messages_1h;
}

static const char *t_bookings(const struct StripCtx *c, char *buf, size_t size)
{
    return slow_rate(c, buf, size, c->m->slow.bookings_pm);
}

static const char *t_messages(const struct StripCtx *c, char *buf, size_t size)
{
    return slow_rate(c, buf, size, c->m->slow.messages_pm);
}

const char *hp_level_mark(enum HealthLevel l)
{
    return l == HL_CRIT ? " CRIT" : l == HL_WARN ? " WARN" : "";
}

static const struct HealthPool *pool(const struct StripCtx *c)
{
    return &c->m->pool;
}

static const char *t_pool(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthPool *p = pool(c);
    snprintf(buf, size, "%s/%s ", p->database ? p->database : "?", p->user ? p->user : "?");
    return buf;
}

/* The console's own pool: its servers of pool_size. */
static double f_pool_servers(const struct StripCtx *c)
{
    return pool(c)->pool_pct >= 0 ? pool(c)->pool_pct : -INFINITY;
}

static const char *t_pool_servers(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthPool *p = pool(c);
    enum HealthLevel l = hp_limit_level(LIM_POOL_PCT, f_pool_servers(c), &c->app->cfg);
    if (p->pool_size >= 0)
        snprintf(buf, size, "%d of %lld (%.0f%%)%s", p->servers, p->pool_size, p->pool_pct,
                 hp_level_mark(l));
    else
        snprintf(buf, size, "%d", p->servers);
    return buf;
}

/* The worst of every pool: it may be another user's pool than the console's. */
static const char *t_pool_alert(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthPool *p = pool(c);
    if (p->level == HL_OK || !p->alert)
        return NULL;
    snprintf(buf, size, "%s %s", p->level == HL_CRIT ? "CRIT" : "WARN", p->alert);
    return buf;
}

static double f_pool_alert(const struct StripCtx *c)
{
    return pool(c)->level;
}

static const char *t_pool_active(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, pool(c)->db_active);
}

static const char *t_pool_waiting(const struct StripCtx *c, char *buf, size_t size)
{
    return count(buf, size, pool(c)->db_waiting);
}

static double f_pool_waiting(const struct StripCtx *c)
{
    return pool(c)->db_waiting;
}

static const char *t_clients(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthPool *p = pool(c);
    if (p->max_client_conn <= 0)
        return NULL;
    enum HealthLevel l = hp_limit_level(LIM_POOL_PCT, p->client_pct, &c->app->cfg);
    snprintf(buf, size, "%d of %lld (%.0f%%)%s", p->clients, p->max_client_conn, p->client_pct,
             hp_level_mark(l));
    return buf;
}

static double f_clients(const struct StripCtx *c)
{
    return pool(c)->client_pct;
}

static const char *t_db_servers(const struct StripCtx *c, char *buf, size_t size)
{
    const struct HealthPool *p = pool(c);
    if (p->db_limit <= 0)
        return NULL;
    snprintf(buf, size, "%d of %lld", p->db_servers, p->db_limit);
    return buf;
}

static const char *t_pool_wait(const struct StripCtx *c, char *buf, size_t size)
{
    snprintf(buf, size, "%.1fs", pool(c)->longest_wait_s);
    return buf;
}

static double f_pool_wait(const struct StripCtx *c)
{
    return pool(c)->longest_wait_s;
}

static const char *t_pool_mode(const struct StripCtx *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    return pool(c)->pool_mode;
}

static const char *t_pool_version(const struct StripCtx *c, char *buf, size_t size)
{
    (void)buf, (void)size;
    return pool(c)->version;
}

/* --- the table ------------------------------------------------------------------------------ */

const struct StripMeter hp_meters[] = {
    /* Line 1, after the connections bar: the sessions by state. */
    {SG_SESSIONS, "active ", t_active, NULL, LIM_NONE, LOOK_OK, BOLD_NEVER, NULL},
    {SG_SESSIONS, "idle ", t_idle, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_SESSIONS, "idle in xact ", t_idle_tx, f_idle_tx, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_SESSIONS, "waiting ", t_waiting, f_waiting, LIM_NONZERO_CRIT, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_SESSIONS, "blocked ", t_blocked, f_blocked, LIM_NONZERO_CRIT, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_SESSIONS, "hidden ", t_hidden, NULL, LIM_NONE, LOOK_WARN, BOLD_NEVER, NULL},
    /* Line 2: rates (deltas between refreshes) and sizes. */
    {SG_RATES, "TPS ", t_tps, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_RATES, "rows read ", t_read, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_RATES, "written ", t_written, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_RATES, "temp ", t_temp, f_temp, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_RATES, "cache hit ", t_cache, f_cache, LIM_CACHE_LOW, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_RATES, "deadlocks ", t_deadlocks, f_deadlocks, LIM_NONZERO_CRIT, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_RATES, "db ", t_db, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_RATES, "up ", t_up, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    /* Line 3: replication (a standby's receiver and lag, or a primary's standbys). */
    {SG_WORK, "", t_standby, f_standby, LIM_NONZERO_WARN, LOOK_TITLE, BOLD_ALWAYS, NULL},
    {SG_WORK, "receiver ", t_receiver, f_receiver, LIM_AS_LEVEL, LOOK_NORMAL, BOLD_CRIT, NULL},
    {SG_WORK, "msg ", t_msg, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_WORK, "behind ", t_behind, f_behind, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_WORK, "lag ", t_lag, f_lag, LIM_REPL_LAG_S, LOOK_PLAIN, BOLD_NEVER, NULL},
    {SG_WORK, "standbys ", t_standbys, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_WORK, NULL, t_alert, f_alert, LIM_AS_LEVEL, LOOK_PLAIN, BOLD_ALWAYS, l_alert},
    /* ... then the oldest work, wraparound and the platform's figures. */
    {SG_WORK, "longest query ", t_longest_query, f_longest_query, LIM_QUERY_S, LOOK_PLAIN,
     BOLD_NEVER, NULL},
    {SG_WORK, "xact ", t_longest_xact, f_longest_xact, LIM_QUERY_S, LOOK_PLAIN, BOLD_NEVER, NULL},
    {SG_WORK, "oldest xmin age ", t_xmin, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_WORK, "wraparound ", t_wraparound, f_wraparound, LIM_WRAPAROUND, LOOK_PLAIN, BOLD_NEVER,
     NULL},
    {SG_WORK, "webhook errors 1h ", t_webhook, f_webhook, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_WORK, "failed msgs 1h ", t_failed, f_failed, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_WORK, "bookings/min ", t_bookings, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_WORK, "messages/min ", t_messages, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    /* Behind a pooler: the console's pool, its bar, then the rest. */
    {SG_POOL_NAME, "pool ", t_pool, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_POOL, "servers ", t_pool_servers, f_pool_servers, LIM_POOL_PCT, LOOK_NORMAL, BOLD_ALARM,
     NULL},
    {SG_POOL, "", t_pool_alert, f_pool_alert, LIM_AS_LEVEL, LOOK_NORMAL, BOLD_ALARM, NULL},
    {SG_POOL, "clients active ", t_pool_active, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_POOL, "waiting ", t_pool_waiting, f_pool_waiting, LIM_NONZERO_CRIT, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_POOL, "max_client_conn ", t_clients, f_clients, LIM_POOL_PCT, LOOK_NORMAL, BOLD_ALARM,
     NULL},
    {SG_POOL, "max_db_connections ", t_db_servers, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {SG_POOL, "longest wait ", t_pool_wait, f_pool_wait, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {SG_POOL, "", t_pool_mode, NULL, LIM_NONE, LOOK_DIM, BOLD_NEVER, NULL},
    {SG_POOL, "", t_pool_version, NULL, LIM_NONE, LOOK_DIM, BOLD_NEVER, NULL},
};

const int hp_nmeters = N(hp_meters);

/* The pooler's bar: the console's servers of pool_size, coloured as "servers" is. */
const struct StripMeter hp_pool_bar = {SG_POOL,      "",      NULL,       f_pool_servers,
                                       LIM_POOL_PCT, LOOK_OK, BOLD_ALARM, NULL};
