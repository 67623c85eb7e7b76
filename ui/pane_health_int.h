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
/* The full query and its plan: the scroll kept within its lines, before drawing. */
void hp_fit_detail(struct HealthPaneState *st, const struct HealthModel *m, int width);
void hp_draw_detail(const struct HealthPaneState *st, const struct HealthModel *m, WINDOW *w, int y,
                    int h, int width);
void hp_draw_confirm(const struct HealthModel *m, WINDOW *w, int y, int h, int width);
bool hp_action(struct Pane *p, struct App *app, enum Action a, int page);
void hp_done(struct Pane *p);
/* The key and name of view v, as the strip lists them. */
const char *hp_view_key(int v);
const char *hp_view_label(int v);
/* The strip (pane_health_strip.c): in full, or in one line on a short terminal. */
void hp_draw_strip(const struct HealthModel *m, const struct App *app, WINDOW *w, int y, int width);
void hp_draw_strip_line(const struct HealthModel *m, WINDOW *w, int y, int width);
/* The strip's pooler line (pane_health_pool.c). */
void hp_draw_pool(const struct HealthPool *p, const struct Config *cfg, WINDOW *w, int y,
                  int width);

#endif
