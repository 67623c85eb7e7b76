/* The fleet's pure parts: one answer into figures, a server's worst alert, the strip's rows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "src/model/fleet.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

static const char *cell(const struct DbRows *r, const char *col)
{
    return r && r->nrows > 0 ? db_rows_get(r, 0, db_rows_col(r, col)) : NULL;
}

static double num(const struct DbRows *r, const char *col)
{
    const char *v = cell(r, col);
    return v ? atof(v) : -1;
}

static char *dup_cell(const struct DbRows *r, const char *col)
{
    const char *v = cell(r, col);
    return v ? xstrdup(v) : NULL;
}

void fleet_figures_clear(struct FleetFigures *fig)
{
    free(fig->receiver);
    free(fig->pause);
    memset(fig, 0, sizeof *fig);
    fig->connections = fig->max_connections = fig->xacts = fig->behind_bytes = fig->standbys = -1;
    fig->clock = fig->tps = fig->longest_query_s = fig->replay_lag_s = fig->standby_lag_s = -1;
}

void fleet_figures_parse(struct FleetFigures *fig, const struct DbRows *r,
                         const struct FleetFigures *prev)
{
    fleet_figures_clear(fig);
    if (!r || r->nrows < 1)
        return;
    fig->valid = true;
    fig->standby = str_eq(cell(r, "standby"), "t");
    fig->connections = (long long)num(r, "connections");
    fig->max_connections = (long long)num(r, "max_connections");
    fig->xacts = (long long)num(r, "xacts");
    fig->clock = num(r, "clock");
    fig->longest_query_s = num(r, "longest_query_s");
    fig->behind_bytes = (long long)num(r, "behind_bytes");
    fig->replay_lag_s = num(r, "replay_lag_s");
    fig->receiver = dup_cell(r, "receiver");
    fig->pause = dup_cell(r, "pause");
    fig->standbys = (long long)num(r, "standbys");
    fig->standby_lag_s = num(r, "standby_lag_s");
    /* A reset of the statistics (the counter went down) gives no rate, not a negative one. */
    if (prev && prev->valid && prev->xacts >= 0 && fig->xacts >= prev->xacts &&
        fig->clock > prev->clock)
        fig->tps = (double)(fig->xacts - prev->xacts) / (fig->clock - prev->clock);
}

/* Keeps the worse of two alerts. */
static void worse(enum HealthLevel *lvl, char **alert, enum HealthLevel l, char *words)
{
    if (l > *lvl) {
        *lvl = l;
        free(*alert);
        *alert = words;
    } else {
        free(words);
    }
}

enum HealthLevel fleet_level(const struct FleetServer *s, const struct Config *cfg, char **alert)
{
    enum HealthLevel lvl = HL_OK;
    *alert = NULL;
    if (s->down) {
        *alert = xstrdup("down");
        return HL_CRIT;
    }
    const struct FleetFigures *g = &s->fig;
    if (!g->valid)
        return s->error ? (*alert = xstrdup("no answer"), HL_WARN) : HL_OK;
    if (g->max_connections > 0 && g->connections >= 0) {
        double pct = 100.0 * (double)g->connections / (double)g->max_connections;
        worse(&lvl, alert, health_level(pct, &cfg->conn_pct),
              xasprintf("connections %.0f%% of max_connections", pct));
    }
    if (g->standby) {
        if (!g->receiver)
            worse(&lvl, alert, HL_CRIT, xstrdup("no WAL receiver"));
        if (g->pause && strcmp(g->pause, "not paused") != 0)
            worse(&lvl, alert, HL_WARN, xasprintf("replay %s", g->pause));
        if (g->replay_lag_s >= 0)
            worse(&lvl, alert, health_level(g->replay_lag_s, &cfg->repl_lag_s),
                  xasprintf("replay lag %.1f s", g->replay_lag_s));
    } else if (g->standby_lag_s >= 0) {
        worse(&lvl, alert, health_level(g->standby_lag_s, &cfg->repl_lag_s),
              xasprintf("a standby's replay lag %.1f s", g->standby_lag_s));
    }
    if (g->longest_query_s >= 0)
        worse(&lvl, alert, health_level(g->longest_query_s, &cfg->query_s),
              xasprintf("a query running %.1f s", g->longest_query_s));
    return lvl;
}

static char *fmt_num(double v, int digits)
{
    return v >= 0 ? xasprintf("%.*f", digits, v) : NULL;
}

static const char *const cols[] = {
    "server",   "role",  "state",  "connections",  "max_connections",
    "conn_pct", "tps",   "lag_s",  "behind_bytes", "longest_query_s",
    "level",    "alert", "reason", "updated",
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

static void server_row(const struct FleetServer *s, bool pretty, char **out)
{
    const struct FleetFigures *g = &s->fig;
    /* A server down keeps the role it had; its figures are gone with it. */
    bool known = g->valid && !s->down;
    out[0] = xstrdup(s->name);
    out[1] = g->valid ? xstrdup(g->standby ? "standby" : "primary") : NULL;
    out[2] = xstrdup(s->down ? "down" : known ? "up" : s->error ? "error" : "connecting");
    out[3] = known && g->connections >= 0 ? xasprintf("%lld", g->connections) : NULL;
    out[4] = known && g->max_connections >= 0 ? xasprintf("%lld", g->max_connections) : NULL;
    out[5] = known && g->max_connections > 0
                 ? xasprintf("%.0f", 100.0 * (double)g->connections / (double)g->max_connections)
                 : NULL;
    out[6] = known ? fmt_num(g->tps, 1) : NULL;
    /* A standby's own replay lag; a primary's worst standby's. */
    out[7] = known ? fmt_num(g->standby ? g->replay_lag_s : g->standby_lag_s, 1) : NULL;
    out[8] = known && g->standby ? fmt_num((double)g->behind_bytes, 0) : NULL;
    if (pretty && out[8]) {
        char b[32];
        health_format_bytes((double)g->behind_bytes, b, sizeof b);
        free(out[8]);
        out[8] = xstrdup(b);
    }
    out[9] = known ? fmt_num(g->longest_query_s, 1) : NULL;
    out[10] = xstrdup(pretty ? (s->level == HL_CRIT   ? "CRIT"
                                : s->level == HL_WARN ? "WARN"
                                                      : "")
                             : health_level_name(s->level));
    out[11] = s->alert ? xstrdup(s->alert) : NULL;
    out[12] = s->error ? xstrdup(s->error) : NULL;
    if (out[12])
        out[12][strcspn(out[12], "\n")] = '\0'; /* libpq's first line says it */
    if (s->updated) {
        char t[32];
        struct tm tm;
        strftime(t, sizeof t, pretty ? "%H:%M:%S" : "%Y-%m-%dT%H:%M:%S%z",
                 localtime_r(&s->updated, &tm));
        out[13] = xstrdup(t);
    }
}

struct DbRows *fleet_present(const struct Fleet *f, bool pretty)
{
    struct DbRows *r = db_rows_new(f->n, NCOLS);
    for (int c = 0; c < NCOLS; c++)
        r->names[c] = xstrdup(cols[c]);
    for (int c = 3; c <= 9; c++)
        r->types[c] = DB_NUMERIC;
    if (pretty)
        r->types[8] = DB_TEXT;
    for (int i = 0; i < f->n; i++)
        server_row(&f->s[i], pretty, &r->cells[i * NCOLS]);
    return r;
}
