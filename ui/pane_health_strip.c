/* The Health strip above the views: connections against max_connections with a bar, the
 * session counts, rates and sizes, replication, the oldest transactions, the platform's figures,
 * the pooler's line, then sparklines, the views and whether this is live.
 *
 * Its figures are a table, like htop's meters: each says where its value comes from, how it is
 * written and which threshold colours it. Every level is a threshold of the config
 * (src/config/config.h) or one of the named levels below; the drawing has none of its own. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "src/model/health.h"
#include "src/util/text.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/pane_health_int.h"
#include "ui/widget_meter.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SPARK 40

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

enum StripLimit {
    LIM_NONE,
    LIM_CONN_PCT,   /* cfg conn_pct */
    LIM_QUERY_S,    /* cfg query_s */
    LIM_REPL_LAG_S, /* cfg repl_lag_s */
    LIM_WRAPAROUND,
    LIM_NONZERO_WARN,
    LIM_NONZERO_CRIT,
    LIM_AS_LEVEL,
    LIM_CACHE_LOW, /* below cache_hit_low_pct */
};

static enum HealthLevel limit_level(enum StripLimit l, double v, const struct Config *cfg)
{
    switch (l) {
    case LIM_NONE:
        return HL_OK;
    case LIM_CONN_PCT:
        return health_level(v, &cfg->conn_pct);
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

/* How a figure looks while it is OK. */
enum StripLook {
    LOOK_NORMAL, /* the theme's normal text */
    LOOK_PLAIN,  /* the terminal's default */
    LOOK_OK,     /* green: a healthy count */
    LOOK_WARN,   /* always a warning */
    LOOK_TITLE,  /* the role of the server */
};

/* When it is bold. */
enum StripBold { BOLD_NEVER, BOLD_CRIT, BOLD_ALARM, BOLD_ALWAYS };

struct StripCtx {
    const struct HealthModel *m;
    const struct App *app;
    const char *none; /* for a figure the role cannot see: "hidden", else "-" */
};

/* One figure of the strip. */
struct StripMeter {
    int line; /* 0, 1 or 2 */
    const char *label;
    /* The figure as words in buf (or a string of the model), or NULL to leave it out. */
    const char *(*text)(const struct StripCtx *c, char *buf, size_t size);
    /* The number its level is taken of; NULL for one that has no level. */
    double (*figure)(const struct StripCtx *c);
    enum StripLimit limit;
    enum StripLook look;
    enum StripBold bold;
    /* The label, when it depends on the figure (NULL: label). */
    const char *(*label_of)(const struct StripCtx *c);
};

static attr_t look_attr(const struct StripMeter *sm, enum HealthLevel l)
{
    attr_t a = l == HL_CRIT             ? color_attr(ROLE_HEALTH_CRIT)
               : l == HL_WARN           ? color_attr(ROLE_HEALTH_WARN)
               : sm->look == LOOK_OK    ? color_attr(ROLE_HEALTH_OK)
               : sm->look == LOOK_WARN  ? color_attr(ROLE_HEALTH_WARN)
               : sm->look == LOOK_TITLE ? color_attr(ROLE_TAB_ACTIVE)
               : sm->look == LOOK_PLAIN ? A_NORMAL
                                        : color_attr(ROLE_NORMAL);
    bool bold = sm->bold == BOLD_ALWAYS || (sm->bold == BOLD_ALARM && l != HL_OK) ||
                (sm->bold == BOLD_CRIT && l == HL_CRIT);
    return bold ? a | A_BOLD : a;
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

/* --- the table ------------------------------------------------------------------------------ */

static const struct StripMeter meters[] = {
    /* Line 1, after the connections bar: the sessions by state. */
    {0, "active ", t_active, NULL, LIM_NONE, LOOK_OK, BOLD_NEVER, NULL},
    {0, "idle ", t_idle, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {0, "idle in xact ", t_idle_tx, f_idle_tx, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER, NULL},
    {0, "waiting ", t_waiting, f_waiting, LIM_NONZERO_CRIT, LOOK_NORMAL, BOLD_NEVER, NULL},
    {0, "blocked ", t_blocked, f_blocked, LIM_NONZERO_CRIT, LOOK_NORMAL, BOLD_NEVER, NULL},
    {0, "hidden ", t_hidden, NULL, LIM_NONE, LOOK_WARN, BOLD_NEVER, NULL},
    /* Line 2: rates (deltas between refreshes) and sizes. */
    {1, "TPS ", t_tps, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {1, "rows read ", t_read, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {1, "written ", t_written, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {1, "temp ", t_temp, f_temp, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER, NULL},
    {1, "cache hit ", t_cache, f_cache, LIM_CACHE_LOW, LOOK_NORMAL, BOLD_NEVER, NULL},
    {1, "deadlocks ", t_deadlocks, f_deadlocks, LIM_NONZERO_CRIT, LOOK_NORMAL, BOLD_NEVER, NULL},
    {1, "db ", t_db, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {1, "up ", t_up, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    /* Line 3: replication (a standby's receiver and lag, or a primary's standbys). */
    {2, "", t_standby, f_standby, LIM_NONZERO_WARN, LOOK_TITLE, BOLD_ALWAYS, NULL},
    {2, "receiver ", t_receiver, f_receiver, LIM_AS_LEVEL, LOOK_NORMAL, BOLD_CRIT, NULL},
    {2, "msg ", t_msg, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {2, "behind ", t_behind, f_behind, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER, NULL},
    {2, "lag ", t_lag, f_lag, LIM_REPL_LAG_S, LOOK_PLAIN, BOLD_NEVER, NULL},
    {2, "standbys ", t_standbys, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {2, NULL, t_alert, f_alert, LIM_AS_LEVEL, LOOK_PLAIN, BOLD_ALWAYS, l_alert},
    /* ... then the oldest work, wraparound and the platform's figures. */
    {2, "longest query ", t_longest_query, f_longest_query, LIM_QUERY_S, LOOK_PLAIN, BOLD_NEVER,
     NULL},
    {2, "xact ", t_longest_xact, f_longest_xact, LIM_QUERY_S, LOOK_PLAIN, BOLD_NEVER, NULL},
    {2, "oldest xmin age ", t_xmin, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {2, "wraparound ", t_wraparound, f_wraparound, LIM_WRAPAROUND, LOOK_PLAIN, BOLD_NEVER, NULL},
    {2, "webhook errors 1h ", t_webhook, f_webhook, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER,
     NULL},
    {2, "failed msgs 1h ", t_failed, f_failed, LIM_NONZERO_WARN, LOOK_NORMAL, BOLD_NEVER, NULL},
    {2, "bookings/min ", t_bookings, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
    {2, "messages/min ", t_messages, NULL, LIM_NONE, LOOK_NORMAL, BOLD_NEVER, NULL},
};

/* --- drawing -------------------------------------------------------------------------------- */

/* Draws label (dim) then value in attr; returns the new x, or x when it does not fit. */
static int put(WINDOW *w, int y, int x, int right, const char *label, const char *value, attr_t a)
{
    int lw = (int)strlen(label), vw = text_width(value);
    if (x + lw + vw + 1 > right)
        return x;
    draw_text(w, y, x, lw, label, color_attr(ROLE_LIST_DIM));
    draw_text(w, y, x + lw, vw, value, a);
    return x + lw + vw + 2;
}

/* The meters of one line from x on. */
static void draw_meters(const struct StripCtx *c, int line, WINDOW *w, int y, int x, int width)
{
    const struct Config *cfg = &c->app->cfg;
    char buf[96];
    for (int i = 0; i < N(meters); i++) {
        const struct StripMeter *sm = &meters[i];
        const char *v = sm->line == line ? sm->text(c, buf, sizeof buf) : NULL;
        if (!v)
            continue;
        enum HealthLevel l = sm->figure ? limit_level(sm->limit, sm->figure(c), cfg) : HL_OK;
        x = put(w, y, x, width, sm->label_of ? sm->label_of(c) : sm->label, v, look_attr(sm, l));
    }
}

/* Line 1 opens with the connections against max_connections, and a bar of their states. */
static int draw_connections(const struct StripCtx *c, WINDOW *w, int y, int width)
{
    const struct HealthSummary *s = &c->m->sum;
    attr_t normal = color_attr(ROLE_NORMAL);
    double pct = s->max_connections ? 100.0 * s->sessions / (double)s->max_connections : 0;
    enum HealthLevel cl = limit_level(LIM_CONN_PCT, pct, &c->app->cfg);
    char lbl[96];
    snprintf(lbl, sizeof lbl, "connections %d of %lld ", s->sessions, s->max_connections);
    int x = 1;
    attr_t la = cl == HL_OK     ? normal
                : cl == HL_CRIT ? color_attr(ROLE_HEALTH_CRIT) | A_BOLD
                                : color_attr(ROLE_HEALTH_WARN) | A_BOLD;
    draw_text(w, y, x, (int)strlen(lbl), lbl, la);
    x += (int)strlen(lbl);
    int bw = width / 4 < 12 ? 12 : width / 4;
    if (x + bw < width) {
        struct MeterSeg segs[] = {
            {s->active, color_attr(ROLE_HEALTH_OK)},
            {s->waiting, color_attr(ROLE_HEALTH_CRIT)},
            {s->idle_tx, color_attr(ROLE_HEALTH_WARN)},
            {s->idle + s->other, color_attr(ROLE_LIST_DIM)},
        };
        meter_bar(w, y, x, bw, segs, N(segs), (double)s->max_connections, normal);
    }
    return x + bw + 1;
}

/* The last line: sparklines of TPS and active sessions, the views, and whether this is live. */
static void draw_footer(const struct HealthModel *m, WINDOW *w, int y, int width)
{
    double series[SPARK];
    int x = 1, sw = width >= 100 ? 20 : 10;
    draw_text(w, y, x, 4, "TPS ", color_attr(ROLE_LIST_DIM));
    int n = health_history_series(&m->hist, m->back, 0, series, SPARK);
    meter_spark(w, y, x + 4, sw, series, n, color_attr(ROLE_HEALTH_OK));
    x += 4 + sw + 1;
    draw_text(w, y, x, 7, "active ", color_attr(ROLE_LIST_DIM));
    n = health_history_series(&m->hist, m->back, 1, series, SPARK);
    meter_spark(w, y, x + 7, sw, series, n, color_attr(ROLE_HEALTH_OK));
    x += 7 + sw + 2;
    char lbl[96];
    for (int i = 0; i < HV__COUNT && x < width - 12; i++) {
        if (i == HV_POOLS && !m->pool.behind)
            continue;
        snprintf(lbl, sizeof lbl, "%s %s", hp_view_key(i), hp_view_label(i));
        int lw = text_width(lbl);
        draw_text(w, y, x, lw, lbl,
                  i == (int)m->view ? color_attr(ROLE_TAB_ACTIVE) : color_attr(ROLE_LIST_DIM));
        x += lw + 2;
    }
    attr_t warn = color_attr(ROLE_STATUS_WARN) | A_BOLD;
    if (m->back > 0) {
        const struct HealthSample *smp = health_history_get(&m->hist, m->back);
        char t[16];
        struct tm tm;
        strftime(t, sizeof t, "%H:%M:%S", localtime_r(&smp->at, &tm));
        snprintf(lbl, sizeof lbl, "NOT LIVE %s (-%d)", t, m->back);
        draw_text_right(w, y, width - 24, 23, lbl, warn);
    } else if (m->stale) {
        draw_text_right(w, y, width - 24, 23, "STALE", warn);
    } else if (m->held) {
        draw_text_right(w, y, width - 24, 23, "holding still", color_attr(ROLE_LIST_DIM));
    }
}

void hp_draw_strip(const struct HealthModel *m, const struct App *app, WINDOW *w, int y, int width)
{
    /* With sessions hidden from the role, a figure it cannot see is "hidden", not "-". */
    struct StripCtx c = {m, app, m->sum.hidden > 0 && !app->schema.pg_monitor ? "hidden" : "-"};
    int x = draw_connections(&c, w, y, width);
    draw_meters(&c, 0, w, y, x, width);
    draw_meters(&c, 1, w, y + 1, 1, width);
    draw_meters(&c, 2, w, y + 2, 1, width);
    if (m->pool.behind) /* behind a pooler: its pools */
        hp_draw_pool(&m->pool, &app->cfg, w, y + 3, width);
    draw_footer(m, w, y + 3 + m->pool.behind, width);
}

/* The strip in one line, when the terminal is short. */
void hp_draw_strip_line(const struct HealthModel *m, WINDOW *w, int y, int width)
{
    char line[160];
    int n = snprintf(line, sizeof line, "%sconnections %d of %lld · active %d · waiting %d",
                     m->repl.valid && m->repl.standby ? "STANDBY · " : "", m->sum.sessions,
                     m->sum.max_connections, m->sum.active, m->sum.waiting);
    const struct HealthPool *pl = &m->pool;
    if (pl->behind && pl->valid && !pl->why && pl->pool_size > 0 && n > 0 &&
        (size_t)n < sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, " · pool %d of %lld%s", pl->servers,
                 pl->pool_size,
                 pl->level == HL_CRIT   ? " CRIT"
                 : pl->level == HL_WARN ? " WARN"
                                        : "");
    draw_text(w, y, 1, width - 2, line, color_attr(ROLE_NORMAL));
}
