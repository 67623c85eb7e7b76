/* Plain rows: what the db layer hands to models, with libpq already out of the picture. */
#ifndef SD_ROWS_H
#define SD_ROWS_H

#include <stdbool.h>

/* What a column holds, from the type the server said (libpq's PQftype): what JSON prints as a
 * number or a boolean, and what text output formats for people. Rows built by hand are text. */
enum DbType {
    DB_TEXT = 0,
    DB_INT,     /* int2, int4, int8, oid */
    DB_NUMERIC, /* numeric */
    DB_FLOAT,   /* float4, float8 */
    DB_BOOL,    /* bool: "t" or "f" */
};

struct DbRows {
    int nrows;
    int ncols;
    char **names;         /* ncols column names */
    char **cells;         /* nrows * ncols, row-major; NULL for SQL NULL */
    unsigned char *types; /* ncols enum DbType, all DB_TEXT from db_rows_new() */
};

struct DbRows *db_rows_new(int nrows, int ncols);
void db_rows_free(struct DbRows **rows);
/* The cell text, or NULL for SQL NULL or out of range. */
const char *db_rows_get(const struct DbRows *r, int row, int col);
/* The column's type, DB_TEXT when out of range. */
enum DbType db_rows_type(const struct DbRows *r, int col);
/* The cell as people read it (a heap string), NULL for SQL NULL: a boolean is "yes" or "no",
 * a numeric or float with more than two decimals is rounded to two (0.9762270 -> 0.98; one
 * below 0.01 keeps two significant digits); everything else is the server's text. */
char *db_rows_display(const struct DbRows *r, int row, int col);

/* The index of the named column, or -1 when the result has no such column. */
int db_rows_col(const struct DbRows *r, const char *name);

#endif
