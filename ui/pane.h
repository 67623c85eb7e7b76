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
};

void pane_init(struct Pane *p, enum ViewId v);
void pane_draw(struct Pane *p, struct App *app, WINDOW *w, int y, int h, int width);
/* Movement and opening within the pane; returns true when it handled a. */
bool pane_action(struct Pane *p, struct App *app, enum Action a, int page);

#endif
