/* The fleet strip: every server of the profile on the Health tab (src/model/fleet.h). */
#ifndef SD_UI_PANE_FLEET_H
#define SD_UI_PANE_FLEET_H

#include <curses.h>
#include <stdbool.h>

#include "src/app.h"

#include "ui/widget_table.h"

/* Before drawing h lines: the cursor kept on the servers and on screen. */
void pane_fleet_layout(struct TableView *tv, const struct App *app, int h);
void pane_fleet_draw(const struct TableView *tv, struct App *app, WINDOW *w, int y, int h,
                     int width);
/* Moves, Enter opens a server's full Health; true when it handled a. */
bool pane_fleet_action(struct TableView *tv, struct App *app, enum Action a, int page);
/* Above a server's full Health: which server it is and how to go back. Returns the lines used. */
int pane_fleet_header(struct App *app, WINDOW *w, int y, int width);
/* The lines pane_fleet_header uses (0 or 1). */
int pane_fleet_header_rows(const struct App *app);

#endif
