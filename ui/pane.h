/* A tab of the console. In this first version every tab is a table over its view's model, with a
 * summary line above it and a record view of the selected row (Enter). */
#ifndef SD_UI_PANE_H
#define SD_UI_PANE_H

#include <curses.h>
#include <stdbool.h>

#include "src/app.h"
#include "src/config/keymap.h"

#include "ui/widget_table.h"

struct Pane;

struct PaneOps {
    const char *name;
    enum KeyContext ctx;
    /* A pane of its own draws and handles keys itself (state in Pane.state); NULL: the table
     * pane below, over app->views[v]. */
    void (*draw)(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width);
    /* Brings the pane's view state (scroll positions, what it tells the model is on screen) in
     * line with the model and its size, before draw, which then only reads (optional). */
    void (*layout)(struct Pane *p, struct App *app, int h, int width);
    /* Returns true when it handled a; unhandled actions go to the app (tabs, quit, ...). */
    bool (*action)(struct Pane *p, struct App *app, enum Action a, int page);
    void (*done)(struct Pane *p);
    /* A click at pane row y, column x (optional). */
    void (*click)(struct Pane *p, struct App *app, int y, int x);
    /* The table pane: */
    const struct TableCol *cols;
    int ncols;
    /* Writes the one-line summary shown above the table. */
    void (*summary)(const struct TableData *td, char *buf, size_t size);
    table_cell_attr_fn cell_attr;
};

struct Pane {
    const struct PaneOps *ops;
    enum ViewId view;
    struct TableView tv;
    bool detail;
    int detail_top;
    int detail_max, detail_page; /* the record view's last top line and page, from the layout */
    void *state;                 /* a pane of its own keeps its view state here */
};

/* Panes of their own (one file each, ui/pane_NAME.c). */
extern const struct PaneOps health_pane_ops;
extern const struct PaneOps bookings_calendar_pane;
extern const struct PaneOps pane_threads;

void pane_init(struct Pane *p, enum ViewId v);
void pane_done(struct Pane *p);
/* The keymap context of the pane (its tab's). */
enum KeyContext pane_context(const struct Pane *p);
void pane_layout(struct Pane *p, struct App *app, int h, int width);
void pane_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width);
/* A mouse click at pane row y (0 = the pane's first line), column x. */
void pane_click(struct Pane *p, struct App *app, int y, int x);
/* Movement and opening within the pane; returns true when it handled a. */
bool pane_action(struct Pane *p, struct App *app, enum Action a, int page);

#endif
