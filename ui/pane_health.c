/* The Health tab: the summary strip, then one of its views (sessions, blocking tree, tables,
 * indexes, statements, replication), the full query with its plan, and the confirmation of
 * cancel and terminate. It reads the Health model and never runs SQL. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/fleet.h"
#include "src/model/health.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/pane.h"
#include "ui/pane_fleet.h"
#include "ui/pane_health_int.h"
#include "ui/prompt.h"
#include "ui/widget_meter.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SPARK 40

static const struct TableCol activity_cols[] = {
    {"flag", "!", 2, 8, false},
    {"pid", "PID", 5, 7, true},
    {"user", "User", 4, 14, false},
    {"database", "Database", 4, 14, false},
    {"application", "Application", 4, 16, false},
    {"state", "State", 4, 19, false},
    {"wait", "Wait", 4, 20, false},
    {"xact_age", "Xact age", 6, 9, true},
    {"query_age", "Query age", 6, 9, true},
    {"blocked_by", "Blocked by", 4, 12, false},
    {"query", "Query", 10, 0, false},
};
static const struct TableCol blocking_cols[] = {
    {"tree", "Blocker / waiter", 10, 40, false},
    {"user", "User", 4, 14, false},
    {"state", "State", 4, 19, false},
    {"lock_mode", "Lock mode", 4, 20, false},
    {"relation", "Relation", 4, 24, false},
    {"waited", "Waited", 6, 9, true},
    {"query", "Query", 10, 0, false},
};
static const struct TableCol tables_cols[] = {
    {"table", "Table", 8, 40, false},       {"parts", "Parts", 5, 6, true},
    {"total", "Total", 6, 10, true},        {"heap", "Heap", 6, 10, true},
    {"indexes", "Indexes", 6, 10, true},    {"toast", "Toast", 6, 10, true},
    {"live", "Live", 4, 12, true},          {"dead", "Dead", 4, 12, true},
    {"dead_pct", "Dead %", 5, 7, true},     {"vacuumed", "Vacuumed", 8, 16, false},
    {"analyzed", "Analyzed", 8, 16, false}, {"seq_scan", "Seq scans", 4, 12, true},
    {"idx_scan", "Idx scans", 4, 12, true},
};
static const struct TableCol indexes_cols[] = {
    {"index", "Index", 8, 56, false}, {"table", "Table", 6, 24, false},
    {"parts", "Parts", 5, 6, true},   {"size", "Size", 6, 10, true},
    {"scans", "Scans", 4, 12, true},  {"tuples_read", "Tuples read", 4, 14, true},
    {"flags", "Flags", 6, 16, false},
};
static const struct TableCol statements_cols[] = {
    {"d_calls", "Calls/ref", 4, 10, true},   {"d_ms", "ms/ref", 6, 10, true},
    {"calls", "Calls", 4, 12, true},         {"total_ms", "Total ms", 6, 14, true},
    {"mean_ms", "Mean ms", 6, 12, true},     {"rows", "Rows", 4, 12, true},
    {"share_pct", "Share %", 5, 7, true},    {"user", "User", 4, 14, false},
    {"since", "Since reset", 11, 16, false}, {"query", "Query", 10, 0, false},
};
static const struct TableCol replication_cols[] = {
    {"alert", "!", 4, 4, false},
    {"kind", "Kind", 6, 12, false},
    {"name", "Name", 6, 24, false},
    {"client", "Client", 4, 16, false},
    {"state", "State", 6, 16, false},
    {"sync", "Sync", 4, 9, false},
    {"sent_bytes", "Sent", 4, 10, true},
    {"write_bytes", "Write", 4, 10, true},
    {"flush_bytes", "Flush", 4, 10, true},
    {"replay_bytes", "Replay", 4, 10, true},
    {"write_lag_s", "Write s", 4, 8, true},
    {"flush_lag_s", "Flush s", 4, 8, true},
    {"replay_lag_s", "Replay s", 4, 9, true},
    {"retained_bytes", "Retains", 4, 10, true},
    {"last_msg_s", "Msg age", 4, 8, true},
    {"detail", "Detail", 10, 0, false},
};

static const struct TableCol pools_cols[] = {
    {"alert", "!", 4, 4, false},
    {"database", "Database", 6, 20, false},
    {"user", "User", 4, 16, false},
    {"pool_mode", "Mode", 4, 11, false},
    {"cl_active", "Cl active", 4, 9, true},
    {"cl_waiting", "Cl waiting", 4, 10, true},
    {"sv_active", "Sv active", 4, 9, true},
    {"sv_idle", "Sv idle", 4, 7, true},
    {"sv_used", "Sv used", 4, 7, true},
    {"servers", "Servers", 4, 7, true},
    {"pool_size", "Pool size", 4, 9, true},
    {"pool_pct", "Use %", 4, 6, true},
    {"db_servers", "Db servers", 4, 10, true},
    {"max_db_connections", "Db max", 4, 6, true},
    {"db_pct", "Db use %", 4, 8, true},
    {"maxwait_s", "Max wait s", 4, 10, true},
};

static const struct {
    const struct TableCol *cols;
    int ncols;
    const char *key, *label;
} views[HV__COUNT] = {
    [HV_ACTIVITY] = {activity_cols, N(activity_cols), "a", "activity"},
    [HV_BLOCKING] = {blocking_cols, N(blocking_cols), "b", "blocking"},
    [HV_TABLES] = {tables_cols, N(tables_cols), "t", "tables"},
    [HV_INDEXES] = {indexes_cols, N(indexes_cols), "x", "indexes"},
    [HV_STATEMENTS] = {statements_cols, N(statements_cols), "S", "statements"},
    [HV_REPLICATION] = {replication_cols, N(replication_cols), "R", "replication"},
    [HV_POOLS] = {pools_cols, N(pools_cols), "o", "pools"},
};

static attr_t level_attr(enum HealthLevel l)
{
    return l == HL_CRIT   ? color_attr(ROLE_HEALTH_CRIT)
           : l == HL_WARN ? color_attr(ROLE_HEALTH_WARN)
                          : A_NORMAL;
}

/* Cell colours; cfg: the config, for its thresholds. */
static attr_t cell_attr(const void *cfg, const char *col, const char *v)
{
    const struct Config *cell_cfg = cfg;
    if (strcmp(col, "flag") == 0)
        return strcmp(v, "ROOT") == 0 ? color_attr(ROLE_HEALTH_CRIT) | A_BOLD
               : strcmp(v, "me") == 0 ? color_attr(ROLE_HEALTH_OK)
                                      : color_attr(ROLE_HEALTH_WARN);
    if (strcmp(col, "tree") == 0 && strstr(v, "blocks "))
        return color_attr(ROLE_HEALTH_CRIT) | A_BOLD;
    if (strcmp(col, "state") == 0 && strncmp(v, "idle in transaction", 19) == 0)
        return color_attr(ROLE_HEALTH_WARN);
    if (strcmp(col, "flags") == 0 && *v)
        return color_attr(strstr(v, "INVALID") ? ROLE_HEALTH_CRIT : ROLE_HEALTH_WARN);
    if (cell_cfg && (strcmp(col, "query_age") == 0 || strcmp(col, "waited") == 0))
        return level_attr(health_level(health_parse_age(v), &cell_cfg->query_s));
    if (strcmp(col, "alert") == 0)
        return strcmp(v, "CRIT") == 0 ? color_attr(ROLE_HEALTH_CRIT) | A_BOLD
                                      : color_attr(ROLE_HEALTH_WARN);
    if (strcmp(col, "state") == 0 &&
        (strcmp(v, "PAUSED") == 0 || strcmp(v, "GONE") == 0 || strcmp(v, "none") == 0))
        return color_attr(strcmp(v, "PAUSED") == 0 ? ROLE_HEALTH_WARN : ROLE_HEALTH_CRIT) | A_BOLD;
    if (cell_cfg && (strcmp(col, "pool_pct") == 0 || strcmp(col, "db_pct") == 0) && *v)
        return level_attr(health_level(atof(v), &cell_cfg->pool_pct));
    if (cell_cfg && strcmp(col, "replay_lag_s") == 0 && strcmp(v, "hidden") != 0)
        return level_attr(health_level(atof(v), &cell_cfg->repl_lag_s));
    return A_NORMAL;
}

static struct HealthPaneState *state_of(struct Pane *p)
{
    if (!p->state)
        p->state = xcalloc(1, sizeof(struct HealthPaneState));
    return p->state;
}

struct TableData *hp_table(struct HealthModel *m)
{
    if (m->view == HV_ACTIVITY)
        return &m->activity;
    if (m->view == HV_BLOCKING)
        return &m->blocking;
    return &m->views[m->view];
}

/* Draws label (ours) then value in attr; returns the new x. */
static int put(WINDOW *w, int y, int x, int right, const char *label, const char *value, attr_t a)
{
    int lw = (int)strlen(label), vw = text_width(value);
    if (x + lw + vw + 1 > right)
        return x;
    draw_text(w, y, x, lw, label, color_attr(ROLE_LIST_DIM));
    draw_text(w, y, x + lw, vw, value, a);
    return x + lw + vw + 2;
}

/* Replication in the strip: on a standby always (STANDBY, the receiver, what waits to be
 * replayed, the lag); on a primary its standbys, and the worst alert when there is one. */
static int draw_repl(const struct HealthRepl *r, const struct Threshold *lag, WINDOW *w, int y,
                     int x, int width)
{
    attr_t normal = color_attr(ROLE_NORMAL);
    char v[64];
    if (!r->valid)
        return x;
    if (r->standby) {
        bool paused = r->pause && strcmp(r->pause, "not paused") != 0;
        x = put(w, y, x, width, "", paused ? "STANDBY PAUSED" : "STANDBY",
                color_attr(paused ? ROLE_HEALTH_WARN : ROLE_TAB_ACTIVE) | A_BOLD);
        const char *rcv = r->receiver ? r->receiver : r->receiver_hidden ? "hidden" : "none";
        x = put(w, y, x, width, "receiver ", rcv,
                r->receiver && strcmp(r->receiver, "streaming") == 0 ? normal
                : r->receiver || r->receiver_hidden                  ? color_attr(ROLE_HEALTH_WARN)
                                                    : color_attr(ROLE_HEALTH_CRIT) | A_BOLD);
        if (r->last_msg_s >= 0) {
            health_format_age(r->last_msg_s, v, sizeof v);
            x = put(w, y, x, width, "msg ", v, normal);
        }
        if (r->behind_bytes >= 0) {
            health_format_bytes((double)r->behind_bytes, v, sizeof v);
            x = put(w, y, x, width, "behind ", v,
                    r->behind_bytes ? color_attr(ROLE_HEALTH_WARN) : normal);
        }
        health_format_age(r->lag_s, v, sizeof v);
        x = put(w, y, x, width, "lag ", *v ? v : "-", level_attr(health_level(r->lag_s, lag)));
    } else if (r->standbys || r->ngone) {
        snprintf(v, sizeof v, "%d", r->standbys);
        x = put(w, y, x, width, "standbys ", v, normal);
    }
    if (r->level != HL_OK && r->alert)
        x = put(w, y, x, width, r->level == HL_CRIT ? "CRIT " : "WARN ", r->alert,
                level_attr(r->level) | A_BOLD);
    return x;
}

static void draw_strip(struct HealthModel *m, struct App *app, WINDOW *w, int y, int width)
{
    const struct HealthSummary *s = &m->sum;
    const struct HealthSlow *sl = &m->slow;
    attr_t normal = color_attr(ROLE_NORMAL);
    char v[64], lbl[96];
    /* Line 1: connections against max_connections. */
    double pct = s->max_connections ? 100.0 * s->sessions / (double)s->max_connections : 0;
    enum HealthLevel cl = health_level(pct, &app->cfg.conn_pct);
    snprintf(lbl, sizeof lbl, "connections %d of %lld ", s->sessions, s->max_connections);
    int x = 1;
    draw_text(w, y, x, (int)strlen(lbl), lbl, cl == HL_OK ? normal : level_attr(cl) | A_BOLD);
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
    x += bw + 1;
    snprintf(v, sizeof v, "%d", s->active);
    x = put(w, y, x, width, "active ", v, color_attr(ROLE_HEALTH_OK));
    snprintf(v, sizeof v, "%d", s->idle);
    x = put(w, y, x, width, "idle ", v, normal);
    snprintf(v, sizeof v, "%d", s->idle_tx);
    x = put(w, y, x, width, "idle in xact ", v, s->idle_tx ? color_attr(ROLE_HEALTH_WARN) : normal);
    snprintf(v, sizeof v, "%d", s->waiting);
    x = put(w, y, x, width, "waiting ", v, s->waiting ? color_attr(ROLE_HEALTH_CRIT) : normal);
    snprintf(v, sizeof v, "%d", s->blocked);
    x = put(w, y, x, width, "blocked ", v, s->blocked ? color_attr(ROLE_HEALTH_CRIT) : normal);
    if (s->hidden > 0 && !app->schema.pg_monitor) {
        /* Their state is unknown to this role: say so, with what would show them. */
        snprintf(lbl, sizeof lbl, "%d (GRANT pg_monitor TO %s)", s->hidden,
                 app->schema.user ? app->schema.user : "this role");
        put(w, y, x, width, "hidden ", lbl, color_attr(ROLE_HEALTH_WARN));
    }

    /* Line 2: rates (deltas between refreshes) and sizes. */
    x = 1;
    y++;
    if (s->have_rates) {
        snprintf(v, sizeof v, "%.1f", s->tps);
        x = put(w, y, x, width, "TPS ", v, normal);
        snprintf(v, sizeof v, "%.0f/s", s->read_s);
        x = put(w, y, x, width, "rows read ", v, normal);
        snprintf(v, sizeof v, "%.0f/s", s->written_s);
        x = put(w, y, x, width, "written ", v, normal);
        health_format_bytes(s->temp_bytes_s, lbl, sizeof lbl);
        snprintf(v, sizeof v, "%s/s", lbl);
        x = put(w, y, x, width, "temp ", v,
                s->temp_bytes_s > 0 ? color_attr(ROLE_HEALTH_WARN) : normal);
    } else {
        x = put(w, y, x, width, "TPS ", "…", normal);
    }
    if (s->cache_hit_pct >= 0) {
        snprintf(v, sizeof v, "%.1f%%", s->cache_hit_pct);
        x = put(w, y, x, width, "cache hit ", v,
                s->cache_hit_pct < 90 ? color_attr(ROLE_HEALTH_WARN) : normal);
    }
    snprintf(v, sizeof v, "%lld", s->deadlocks);
    x = put(w, y, x, width, "deadlocks ", v,
            s->have_rates && s->deadlocks_d > 0 ? color_attr(ROLE_HEALTH_CRIT) : normal);
    if (sl->valid && sl->db_size >= 0) {
        health_format_bytes((double)sl->db_size, v, sizeof v);
        x = put(w, y, x, width, "db ", v, normal);
    }
    snprintf(v, sizeof v, "%lldd %02lld:%02lld", s->uptime_s / 86400, s->uptime_s / 3600 % 24,
             s->uptime_s / 60 % 60);
    put(w, y, x, width, "up ", v, normal);

    /* Line 3: replication, transactions, wraparound, the platform's figures. */
    x = 1;
    y++;
    x = draw_repl(&m->repl, &app->cfg.repl_lag_s, w, y, x, width);
    /* With sessions hidden from the role, a figure it cannot see is "hidden", not "-". */
    const char *none = s->hidden > 0 && !app->schema.pg_monitor ? "hidden" : "-";
    health_format_age(s->longest_query_s, v, sizeof v);
    x = put(w, y, x, width, "longest query ", *v ? v : none,
            level_attr(health_level(s->longest_query_s, &app->cfg.query_s)));
    health_format_age(s->longest_xact_s, v, sizeof v);
    x = put(w, y, x, width, "xact ", *v ? v : none,
            level_attr(health_level(s->longest_xact_s, &app->cfg.query_s)));
    if (s->oldest_xmin_age >= 0)
        snprintf(v, sizeof v, "%lld", s->oldest_xmin_age);
    else
        snprintf(v, sizeof v, "%s", none);
    x = put(w, y, x, width, "oldest xmin age ", v, normal);
    snprintf(v, sizeof v, "%.1f%%", s->wraparound_pct);
    struct Threshold wrap = {50, 80};
    x = put(w, y, x, width, "wraparound ", v, level_attr(health_level(s->wraparound_pct, &wrap)));
    if (sl->valid) {
        if (sl->webhook_errors_1h >= 0) {
            snprintf(v, sizeof v, "%lld", sl->webhook_errors_1h);
            x = put(w, y, x, width, "webhook errors 1h ", v,
                    sl->webhook_errors_1h ? color_attr(ROLE_HEALTH_WARN) : normal);
        }
        if (sl->failed_messages_1h >= 0) {
            snprintf(v, sizeof v, "%lld", sl->failed_messages_1h);
            x = put(w, y, x, width, "failed msgs 1h ", v,
                    sl->failed_messages_1h ? color_attr(ROLE_HEALTH_WARN) : normal);
        }
        if (sl->bookings_pm >= 0) {
            snprintf(v, sizeof v, "%.1f", sl->bookings_pm);
            x = put(w, y, x, width, "bookings/min ", v, normal);
        }
        if (sl->messages_pm >= 0) {
            snprintf(v, sizeof v, "%.1f", sl->messages_pm);
            put(w, y, x, width, "messages/min ", v, normal);
        }
    }

    /* Line 4, behind a pooler: its pools. */
    if (m->pool.behind)
        hp_draw_pool(&m->pool, &app->cfg, w, ++y, width);

    /* The last line: sparklines, the views, and whether this is live. */
    x = 1;
    y++;
    double series[SPARK];
    int sw = width >= 100 ? 20 : 10;
    draw_text(w, y, x, 4, "TPS ", color_attr(ROLE_LIST_DIM));
    int n = health_history_series(&m->hist, m->back, 0, series, SPARK);
    meter_spark(w, y, x + 4, sw, series, n, color_attr(ROLE_HEALTH_OK));
    x += 4 + sw + 1;
    draw_text(w, y, x, 7, "active ", color_attr(ROLE_LIST_DIM));
    n = health_history_series(&m->hist, m->back, 1, series, SPARK);
    meter_spark(w, y, x + 7, sw, series, n, color_attr(ROLE_HEALTH_OK));
    x += 7 + sw + 2;
    for (int i = 0; i < HV__COUNT && x < width - 12; i++) {
        if (i == HV_POOLS && !m->pool.behind)
            continue;
        snprintf(lbl, sizeof lbl, "%s %s", views[i].key, views[i].label);
        int lw = text_width(lbl);
        draw_text(w, y, x, lw, lbl,
                  i == (int)m->view ? color_attr(ROLE_TAB_ACTIVE) : color_attr(ROLE_LIST_DIM));
        x += lw + 2;
    }
    if (m->back > 0) {
        const struct HealthSample *smp = health_history_get(&m->hist, m->back);
        char t[16];
        struct tm tm;
        strftime(t, sizeof t, "%H:%M:%S", localtime_r(&smp->at, &tm));
        snprintf(lbl, sizeof lbl, "NOT LIVE %s (-%d)", t, m->back);
        draw_text_right(w, y, width - 24, 23, lbl, color_attr(ROLE_STATUS_WARN) | A_BOLD);
    } else if (m->stale) {
        draw_text_right(w, y, width - 24, 23, "STALE", color_attr(ROLE_STATUS_WARN) | A_BOLD);
    } else if (m->held) {
        draw_text_right(w, y, width - 24, 23, "holding still", color_attr(ROLE_LIST_DIM));
    }
}

static void health_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width)
{
    struct HealthModel *m = health_model(app);
    struct HealthPaneState *st = state_of(p);
    attr_t normal = color_attr(ROLE_NORMAL);
    for (int i = 0; i < h; i++)
        draw_fill(w, y + i, 0, width, normal);
    if (fleet_showing(app)) {
        pane_fleet_draw(&st->fleet_tv, app, w, y, h, width);
        return;
    }
    int above = pane_fleet_header(app, w, y, width); /* a server of the fleet */
    y += above;
    h -= above;
    if (!m || !m->activity.rows) {
        const char *what = m && m->error     ? m->error
                           : app->discovered ? "loading…"
                                             : "waiting for the database…";
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, what,
                     m && m->error ? color_attr(ROLE_STATUS_ERROR) : normal);
        return;
    }
    if (m->ask == HA_TERMINATE && !prompt_active())
        health_decline(app); /* the user left the pid prompt */
    int strip = h >= 12 ? 4 + m->pool.behind : h >= 6 ? 1 : 0;
    if (strip >= 4)
        draw_strip(m, app, w, y, width);
    else if (strip == 1) {
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
        draw_text(w, y, 1, width - 2, line, normal);
    }
    y += strip;
    h -= strip;
    if (h < 2)
        return;
    if (m->detail_pid || m->detail_query) {
        hp_draw_detail(st, m, w, y, h, width);
    } else {
        struct TableData *td = hp_table(m);
        hp_follow(st, m, td);
        if (td->noaccess) {
            draw_wrapped(w, y + 1, 1, h - 1, width - 2, td->noaccess, color_attr(ROLE_STATUS_WARN));
        } else if (!td->rows) {
            draw_wrapped(w, y + 1, 1, h - 1, width - 2, td->error ? td->error : "loading…",
                         td->error ? color_attr(ROLE_STATUS_ERROR) : normal);
        } else if (m->view == HV_BLOCKING && td->rows->nrows == 0) {
            draw_wrapped(w, y + 1, 1, h - 1, width - 2, "no session waits on a lock", normal);
        } else {
            if (m->view == HV_REPLICATION && m->repl.valid && !m->repl.standby &&
                m->repl.standbys == 0 && m->repl.ngone == 0) {
                draw_text(w, y, 1, width - 2,
                          "No standby streams from this server (pg_stat_replication is empty).",
                          normal);
                y++;
                h--;
            }
            table_draw(w, y, 0, h, width, td, views[m->view].cols, views[m->view].ncols,
                       &st->tv[m->view], td->stale, cell_attr, &app->cfg);
        }
    }
    if (m->ask != HA_NONE)
        hp_draw_confirm(m, w, y, h, width);
}

const struct PaneOps health_pane_ops = {
    .name = "health",
    .ctx = KCTX_HEALTH,
    .draw = health_draw,
    .action = hp_action,
    .done = hp_done,
};
