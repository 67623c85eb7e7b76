/* Plain rows: what the db layer hands to models, with libpq already out of the picture. */
#ifndef SD_ROWS_H
#define SD_ROWS_H

#include <stdbool.h>

struct DbRows {
    int nrows;
    int ncols;
    char **names; /* ncols column names */
    char **cells; /* nrows * ncols, row-major; NULL for SQL NULL */
};

struct DbRows *db_rows_new(int nrows, int ncols);
void db_rows_free(struct DbRows **rows);
/* The cell text, or NULL for SQL NULL or out of range. */
const char *db_rows_get(const struct DbRows *r, int row, int col);
/* The index of the named column, or -1 when the result has no such column. */
int db_rows_col(const struct DbRows *r, const char *name);

#endif
