/* The model behind a table view: the last rows the server returned, whether they are current,
 * and the user's filter. Plain data; the db layer fills it and views only read it. */
#ifndef SD_TABLEDATA_H
#define SD_TABLEDATA_H

#include <stdbool.h>
#include <time.h>

#include "src/db/rows.h"

struct TableData {
    struct DbRows *rows; /* the last good result, or NULL */
    bool loading;        /* a query is in flight */
    bool stale;          /* the connection was lost after these rows arrived */
    char *error;         /* the last error in the server's words (raw), or NULL */
    char *noaccess;      /* why the role cannot use this view, or NULL */
    time_t updated;      /* wall-clock time of rows */
    double latency_ms;   /* of the query that brought them */
    unsigned version;    /* moves on every change, so views know to redraw */
    /* The user's filter, or NULL: words separated by spaces, all of which a shown row matches
     * (case-insensitive): "word" in any column, "field:value" in the column named field (or the
     * only one starting with it), "field:" an empty column, "-word" not anywhere. */
    char *filter;
    int sort_col; /* column the visible rows are sorted by, or -1 for the server's order */
    bool sort_desc;
    char *hide_col; /* rows whose hide_col equals hide_value are not shown (e.g. inactive) */
    char *hide_value;
    int *visible; /* indices of the rows that pass the filter */
    int nvisible;
    /* Columns a second query fills in, matched on its first column (see td_set_extra). */
    struct DbRows *extra;
    bool extra_loading;
    char *extra_error; /* raw */
};

void td_init(struct TableData *td);
void td_free(struct TableData *td);
/* Takes *rows (sets it NULL). Columns named "*_utc" hold UTC timestamps: they are rewritten in
 * the display zone ("YYYY-MM-DD HH:MM") and renamed without the suffix. */
void td_set_rows(struct TableData *td, struct DbRows **rows, double latency_ms, time_t now);
/* A failed refresh. A lost connection keeps the rows and marks them stale; any other error keeps
 * them too and records the message. */
void td_set_error(struct TableData *td, const char *error, bool lost);
/* Takes *extra (sets it NULL): its first column names a column of the rows to match on, and each
 * other column fills the column of the same name in the matching row. Kept, and applied again to
 * every new set of rows until the next one comes, so the figures do not blink. NULL extra with an
 * error keeps the last figures and records the error. */
void td_set_extra(struct TableData *td, struct DbRows **extra, const char *error);
void td_set_loading(struct TableData *td, bool loading);
void td_set_noaccess(struct TableData *td, const char *why);
void td_set_filter(struct TableData *td, const char *text);
/* Sorts the visible rows by column col (-1: the server's order); numbers compare as numbers. */
void td_set_sort(struct TableData *td, int col, bool desc);
/* Hides rows whose column col holds value (NULL col: show every row). */
void td_set_hide(struct TableData *td, const char *col, const char *value);
/* The row index of the n-th visible row, or -1. */
int td_visible_row(const struct TableData *td, int n);

#endif
