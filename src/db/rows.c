#include "config.h"

#include "src/db/rows.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/xalloc.h"

struct DbRows *db_rows_new(int nrows, int ncols)
{
    struct DbRows *r = xcalloc(1, sizeof *r);
    r->nrows = nrows > 0 ? nrows : 0;
    r->ncols = ncols > 0 ? ncols : 0;
    r->names = xcalloc((size_t)r->ncols + 1, sizeof *r->names);
    r->cells = xcalloc((size_t)r->nrows * (size_t)r->ncols + 1, sizeof *r->cells);
    return r;
}

void db_rows_free(struct DbRows **rows)
{
    if (!rows || !*rows)
        return;
    struct DbRows *r = *rows;
    for (int i = 0; i < r->ncols; i++)
        free(r->names[i]);
    size_t n = (size_t)r->nrows * (size_t)r->ncols;
    for (size_t i = 0; i < n; i++)
        free(r->cells[i]);
    free(r->names);
    free(r->cells);
    free(r);
    *rows = NULL;
}

const char *db_rows_get(const struct DbRows *r, int row, int col)
{
    if (!r || row < 0 || col < 0 || row >= r->nrows || col >= r->ncols)
        return NULL;
    return r->cells[(size_t)row * (size_t)r->ncols + (size_t)col];
}

int db_rows_col(const struct DbRows *r, const char *name)
{
    if (!r || !name)
        return -1;
    for (int i = 0; i < r->ncols; i++)
        if (r->names[i] && strcmp(r->names[i], name) == 0)
            return i;
    return -1;
}
