/* The fleet strip: one row per server (role, reachability, connections, TPS, lag, the worst
 * alert). It reads the fleet model and never runs SQL. */
#include "config.h"

#include "ui/pane_fleet.h"

#include <stdio.h>
#include <string.h>

#include "src/model/fleet.h"

#include "ui/color.h"
#include "ui/draw.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct TableCol fleet_cols[] = {
    {"level", "!", 4, 4, false},
    {"server", "Server", 10, 40, false},
    {"role", "Role", 7, 7, false},
    {"state", "State", 4, 10, false},
    {"connections", "Conns", 5, 7, true},
    {"max_connections", "Max", 3, 7, true},
    {"conn_pct", "%", 3, 4, true},
    {"tps", "TPS", 5, 9, true},
    {"lag_s", "Lag s", 5, 8, true},
    {"behind_bytes", "Behind", 6, 10, true},
    {"longest_query_s", "Query s", 5, 8, true},
    {"updated", "Data at", 8, 8, false},
    {"alert", "Alert", 10, 40, false},
    {"reason", "Reason", 10, 0, false},
};

static attr_t cell_attr(const void *ctx, const char *col, const char *v)
{
    (void)ctx;
    if (strcmp(col, "level") == 0 || strcmp(col, "alert") == 0)
        return strcmp(v, "CRIT") == 0   ? color_attr(ROLE_HEALTH_CRIT) | A_BOLD
               : strcmp(v, "WARN") == 0 ? color_attr(ROLE_HEALTH_WARN)
                                        : A_NORMAL;
    if (strcmp(col, "state") == 0)
        return strcmp(v, "up") == 0 ? color_attr(ROLE_HEALTH_OK)
                                    : color_attr(ROLE_HEALTH_CRIT) | A_BOLD;
    if (strcmp(col, "reason") == 0)
        return color_attr(ROLE_STATUS_ERROR);
    return A_NORMAL;
}

void pane_fleet_layout(struct TableView *tv, const struct App *app, int h)
{
    const struct Fleet *f = app->fleet;
    if (h >= 3 && f->view.rows)
        table_fit(tv, f->view.nvisible, h - 2);
}

int pane_fleet_header_rows(const struct App *app)
{
    return app->fleet && app->fleet->focus >= 0;
}

void pane_fleet_draw(const struct TableView *tv, struct App *app, WINDOW *w, int y, int h,
                     int width)
{
    const struct Fleet *f = app->fleet;
    char line[160];
    int down = 0;
    for (int i = 0; i < f->n; i++)
        down += f->s[i].down;
    snprintf(line, sizeof line, " Every server: %d, %d down  ·  Enter: a server's full Health",
             f->n, down);
    draw_text(w, y, 0, width, line,
              down ? color_attr(ROLE_HEALTH_CRIT) | A_BOLD : color_attr(ROLE_LIST_HEADER));
    if (h < 3 || !f->view.rows)
        return;
    table_draw(w, y + 1, 0, h - 1, width, &f->view, fleet_cols, N(fleet_cols), tv, false, cell_attr,
               NULL);
}

bool pane_fleet_action(struct TableView *tv, struct App *app, enum Action a, int page)
{
    const struct Fleet *f = app->fleet;
    if (a == ACT_OPEN) {
        int row = td_visible_row(&f->view, tv->cursor);
        if (row >= 0)
            fleet_open(app, row);
        return true;
    }
    if (table_move(tv, a, f->view.nvisible, page)) {
        app->dirty = true;
        return true;
    }
    return false;
}

int pane_fleet_header(struct App *app, WINDOW *w, int y, int width)
{
    const struct Fleet *f = app->fleet;
    if (!pane_fleet_header_rows(app))
        return 0;
    const struct FleetServer *s = &f->s[f->focus];
    char line[200];
    snprintf(line, sizeof line, " Server %s%s  ·  Esc: every server", s->name,
             !s->fig.valid    ? ""
             : s->fig.standby ? " (standby)"
                              : " (primary)");
    draw_text(w, y, 0, width, line, color_attr(ROLE_TAB_ACTIVE) | A_BOLD);
    return 1;
}
