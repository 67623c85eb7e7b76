/* Rows for the unit tests, as a query would return them. */
#ifndef SD_TEST_ROWS_UTIL_H
#define SD_TEST_ROWS_UTIL_H

#include <string.h>

#include "src/db/rows.h"
#include "src/util/xalloc.h"

/* Rows from a NULL-terminated list of column names and a flat list of cells (a NULL cell, or
 * "\1", is SQL NULL). */
static inline struct DbRows *make_rows(int nrows, const char *const *names,
                                       const char *const *cells)
{
    int ncols = 0;
    while (names[ncols])
        ncols++;
    struct DbRows *r = db_rows_new(nrows, ncols);
    for (int c = 0; c < ncols; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < nrows * ncols; i++)
        r->cells[i] = cells[i] && strcmp(cells[i], "\1") != 0 ? xstrdup(cells[i]) : NULL;
    return r;
}

#endif
