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

/* Every column the activity view may show; activity_cols() picks those of the moment. */
static const struct TableCol activity_all[] = {
    {"tag", "*", 1, 1, false},
    {"flag", "!", 2, 8, false},
    {"pid", "PID", 5, 7, true},
    {"user", "User", 4, 14, false},
    {"database", "Database", 4, 14, false},
    {"application", "Application", 4, 16, false},
    {"state", "State", 4, 19, false},
    {"cpu_pct", "CPU%", 4, 6, true},
    {"mem", "Mem", 7, 9, true},
    {"read", "Read/s", 8, 11, true},
    {"write", "Write/s", 8, 11, true},
    {"wait", "Wait", 4, 20, false},
    {"xact_age", "Xact age", 6, 9, true},
    {"query_age", "Query age", 6, 9, true},
    {"blocked_by", "Blocked by", 4, 12, false},
    {"query", "Query", 10, 0, false},
};
enum { ACTIVITY_NCOLS = (int)(sizeof activity_all / sizeof activity_all[0]) };
/* The backends' figures from /proc, shown when the server runs on this host. */
static const char *const proc_only[] = {"cpu_pct", "mem", "read", "write", NULL};
/* What makes room for them under 120 columns. */
static const char *const narrow_drop[] = {"database", "wait", "xact_age", "blocked_by", NULL};

static bool named(const char *const *names, const char *name)
{
    for (; *names; names++)
        if (strcmp(*names, name) == 0)
            return true;
    return false;
}

/* The activity columns: with the /proc figures when local (fewer others when narrow). out has
 * room for ACTIVITY_NCOLS. */
static int activity_cols(bool local, bool narrow, struct TableCol *out)
{
    int n = 0;
    for (int i = 0; i < ACTIVITY_NCOLS; i++) {
        const char *c = activity_all[i].name;
        if ((!local && named(proc_only, c)) || (local && narrow && named(narrow_drop, c)))
            continue;
        out[n++] = activity_all[i];
    }
    return n;
}

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
    [HV_ACTIVITY] = {activity_all, ACTIVITY_NCOLS, "a", "activity"}, /* see activity_cols */
    [HV_BLOCKING] = {blocking_cols, N(blocking_cols), "b", "blocking"},
    [HV_TABLES] = {tables_cols, N(tables_cols), "t", "tables"},
    [HV_INDEXES] = {indexes_cols, N(indexes_cols), "x", "indexes"},
    [HV_STATEMENTS] = {statements_cols, N(statements_cols), "S", "statements"},
    [HV_REPLICATION] = {replication_cols, N(replication_cols), "R", "replication"},
    [HV_POOLS] = {pools_cols, N(pools_cols), "o", "pools"},
};

const char *hp_view_key(int v)
{
    return views[v].key;
}

const char *hp_view_label(int v)
{
    return views[v].label;
}

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
    if (strcmp(col, "tag") == 0)
        return color_attr(ROLE_HEALTH_WARN) | A_BOLD;
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

/* How many lines the strip takes of h: all of it, one line, or none on a short terminal. */
static int strip_rows(const struct HealthModel *m, int h)
{
    return h >= 12 ? 4 + m->pool.behind : h >= 6 ? 1 : 0;
}

/* Replication on a primary without standbys says so above the (empty) table. */
static int note_rows(const struct HealthModel *m)
{
    const struct HealthRepl *r = &m->repl;
    return m->view == HV_REPLICATION && r->valid && !r->standby && r->standbys == 0 &&
           r->ngone == 0;
}

/* The activity view's line of host figures (or why the backends' figures are absent). */
static int proc_rows(const struct HealthModel *m, int h)
{
    return m->view == HV_ACTIVITY && h > 3;
}

/* The activity view's columns: with the backends' /proc figures when the server is on this
 * host (fewer of the others on a narrow screen). */
static const struct TableCol *view_cols(const struct HealthModel *m, int width,
                                        struct TableCol *buf, int *ncols)
{
    if (m->view == HV_ACTIVITY) {
        *ncols = activity_cols(m->proc.local, width < 120, buf);
        return buf;
    }
    *ncols = views[m->view].ncols;
    return views[m->view].cols;
}

static bool table_shown(const struct HealthModel *m, const struct TableData *td)
{
    return !td->noaccess && td->rows && !(m->view == HV_BLOCKING && td->rows->nrows == 0);
}

/* Before drawing: the terminate prompt's box closed when the prompt was left, the cursor kept
 * on its session, and the cursor and the scroll kept within what is on screen. */
static void health_layout(struct Pane *p, struct App *app, int h, int width)
{
    struct HealthPaneState *st = state_of(p);
    struct HealthModel *m = health_model(app);
    if (fleet_showing(app)) {
        pane_fleet_layout(&st->fleet_tv, app, h);
        return;
    }
    if (!m || !m->activity.rows)
        return;
    if (m->ask == HA_TERMINATE && !prompt_active())
        health_decline(app); /* the user left the pid prompt */
    h -= pane_fleet_header_rows(app);
    h -= strip_rows(m, h);
    if (h < 2)
        return;
    if (m->detail_pid || m->detail_query) {
        hp_fit_detail(st, m, width);
        return;
    }
    struct TableData *td = hp_table(m);
    hp_follow(st, m, td);
    if (table_shown(m, td))
        table_fit(&st->tv[m->view], td->nvisible, h - note_rows(m) - proc_rows(m, h) - 1);
}

static void draw_view(const struct HealthPaneState *st, struct HealthModel *m,
                      const struct App *app, WINDOW *w, int y, int h, int width)
{
    attr_t normal = color_attr(ROLE_NORMAL);
    const struct TableData *td = hp_table(m);
    if (td->noaccess) {
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, td->noaccess, color_attr(ROLE_STATUS_WARN));
    } else if (!td->rows) {
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, td->error ? td->error : "loading…",
                     td->error ? color_attr(ROLE_STATUS_ERROR) : normal);
    } else if (!table_shown(m, td)) {
        draw_wrapped(w, y + 1, 1, h - 1, width - 2, "no session waits on a lock", normal);
    } else {
        if (note_rows(m)) {
            draw_text(w, y, 1, width - 2,
                      "No standby streams from this server (pg_stat_replication is empty).",
                      normal);
            y++;
            h--;
        }
        if (proc_rows(m, h)) {
            hp_draw_proc_line(m, w, y, width);
            y++;
            h--;
        }
        struct TableCol buf[ACTIVITY_NCOLS];
        int ncols;
        const struct TableCol *cols = view_cols(m, width, buf, &ncols);
        table_draw(w, y, 0, h, width, td, cols, ncols, &st->tv[m->view], td->stale, cell_attr,
                   &app->cfg);
    }
}

static void health_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width)
{
    struct HealthModel *m = health_model(app);
    const struct HealthPaneState *st = p->state; /* made by health_layout */
    attr_t normal = color_attr(ROLE_NORMAL);
    for (int i = 0; i < h; i++)
        draw_fill(w, y + i, 0, width, normal);
    if (!st)
        return;
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
    int strip = strip_rows(m, h);
    if (strip >= 4)
        hp_draw_strip(m, app, w, y, width);
    else if (strip == 1)
        hp_draw_strip_line(m, w, y, width);
    y += strip;
    h -= strip;
    if (h < 2)
        return;
    if (m->detail_pid || m->detail_query)
        hp_draw_detail(st, m, w, y, h, width);
    else
        draw_view(st, m, app, w, y, h, width);
    if (m->ask != HA_NONE)
        hp_draw_confirm(m, w, y, h, width);
}

const struct PaneOps health_pane_ops = {
    .name = "health",
    .ctx = KCTX_HEALTH,
    .draw = health_draw,
    .layout = health_layout,
    .action = hp_action,
    .done = hp_done,
};
