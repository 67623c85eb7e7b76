/* A scrolling table over a TableData: header, rows, a cursor, columns sized to their content. */
#ifndef SD_UI_WIDGET_TABLE_H
#define SD_UI_WIDGET_TABLE_H

#include <curses.h>
#include <stdbool.h>

#include "src/config/action.h"
#include "src/model/tabledata.h"

struct TableCol {
    const char *name;  /* column in the rows */
    const char *title; /* header */
    int min;           /* columns it keeps when space is short */
    int max;           /* columns it never exceeds (0: no limit) */
    bool right;        /* right-aligned (numbers) */
};

/* Extra attributes for a cell (a status colour), or A_NORMAL; ctx is what the caller gave
 * table_draw (the thresholds, say), or NULL. */
typedef attr_t (*table_cell_attr_fn)(const void *ctx, const char *col, const char *value);

struct TableView {
    int cursor; /* index into the visible rows */
    int top;    /* first visible row on screen */
};

/* Keeps the cursor among the nvisible rows and on screen in body rows; before drawing. */
void table_fit(struct TableView *tv, int nvisible, int body);
/* Draws the header and h - 1 rows; it only reads tv (table_fit it first). */
void table_draw(WINDOW *w, int y, int x, int h, int width, const struct TableData *td,
                const struct TableCol *cols, int ncols, const struct TableView *tv, bool stale,
                table_cell_attr_fn cell_attr, const void *ctx);
/* Moves the cursor for up/down/page/top/bottom; returns true when it handled a. */
bool table_move(struct TableView *tv, enum Action a, int nvisible, int page);

#endif
