#include "config.h"

#include "src/db/rows.h"

#include <ctype.h>
#include <stdbool.h>
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
    r->types = xcalloc((size_t)r->ncols + 1, sizeof *r->types);
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
    free(r->types);
    free(r);
    *rows = NULL;
}

const char *db_rows_get(const struct DbRows *r, int row, int col)
{
    if (!r || row < 0 || col < 0 || row >= r->nrows || col >= r->ncols)
        return NULL;
    return r->cells[(size_t)row * (size_t)r->ncols + (size_t)col];
}

enum DbType db_rows_type(const struct DbRows *r, int col)
{
    if (!r || !r->types || col < 0 || col >= r->ncols)
        return DB_TEXT;
    return (enum DbType)r->types[col];
}

/* A decimal as the server prints numeric and float: optional '-', digits, optional fraction
 * (no exponent, NaN or Infinity, which are shown as they are). */
static bool plain_decimal(const char *s, size_t *decimals)
{
    const char *p = s;
    if (*p == '-')
        p++;
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    *decimals = 0;
    if (*p == '.') {
        const char *f = ++p;
        while (isdigit((unsigned char)*p))
            p++;
        *decimals = (size_t)(p - f);
    }
    return *p == '\0' && p - s < 64;
}

char *db_rows_display(const struct DbRows *r, int row, int col)
{
    const char *v = db_rows_get(r, row, col);
    size_t decimals;
    if (!v)
        return NULL;
    switch (db_rows_type(r, col)) {
    case DB_BOOL:
        return xstrdup(strcmp(v, "t") == 0 ? "yes" : strcmp(v, "f") == 0 ? "no" : v);
    case DB_NUMERIC:
    case DB_FLOAT:
        if (plain_decimal(v, &decimals) && decimals > 2) {
            double d = strtod(v, NULL);
            if (d != 0 && (d < 0 ? -d : d) < 0.01)
                return xasprintf("%.2g", d);
            char *out = xasprintf("%.2f", d);
            if (strcmp(out, "-0.00") == 0) {
                free(out);
                out = xstrdup("0.00");
            }
            return out;
        }
        return xstrdup(v);
    default:
        return xstrdup(v);
    }
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
