/* Shared between the Health pane's files. */
#ifndef SD_UI_PANE_HEALTH_INT_H
#define SD_UI_PANE_HEALTH_INT_H

#include <curses.h>
#include <stdbool.h>

#include "src/model/health.h"

#include "ui/pane.h"
#include "ui/widget_table.h"

struct HealthPaneState {
    struct TableView tv[HV__COUNT];
    int sel_pid;           /* the session under the cursor, followed across refreshes */
    unsigned seen_version; /* of the activity/blocking table the cursor was placed in */
    int seen_view;
    int detail_top;
    struct TableView fleet_tv; /* the fleet strip's cursor (ui/pane_fleet.c) */
};

struct TableData *hp_table(struct HealthModel *m);
/* Keeps the cursor on sel_pid when new rows arrive. */
void hp_follow(struct HealthPaneState *st, struct HealthModel *m, struct TableData *td);
void hp_draw_detail(struct HealthPaneState *st, struct HealthModel *m, WINDOW *w, int y, int h,
                    int width);
void hp_draw_confirm(struct HealthModel *m, WINDOW *w, int y, int h, int width);
/* The activity view's header: host load and memory, or why the backends' figures are absent. */
void hp_draw_proc_line(const struct HealthModel *m, WINDOW *w, int y, int width);
bool hp_action(struct Pane *p, struct App *app, enum Action a, int page);
void hp_done(struct Pane *p);
/* The strip's pooler line (pane_health_pool.c). */
void hp_draw_pool(const struct HealthPool *p, const struct Config *cfg, WINDOW *w, int y,
                  int width);

#endif
