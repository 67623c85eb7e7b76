/* The one SQL builder every query file uses: a statement with its parameters, quoted
 * identifiers, and a column that reads as NULL where the deployment lacks it or the role may not
 * read it. */
#ifndef SD_SQLBUILD_H
#define SD_SQLBUILD_H

#include <stdbool.h>

#include "src/schema.h"
#include "src/util/str.h"

#define QUERY_MAX_PARAMS 8

/* A statement ready for the wire: its name (for logs and the Health cost figures), its text and
 * its parameters, all heap strings but the name. */
struct Query {
    const char *name;
    char *sql;
    int nparams;
    char *params[QUERY_MAX_PARAMS];
};

void query_free(struct Query *q);

/* "name" with embedded quotes doubled: a safe SQL identifier. Heap string. */
char *sql_ident(const char *name);

/* Adds a copy of v as the next parameter and returns its number, for "$n". */
int sql_param(struct Query *q, const char *v);

/* Appends "schema"."table", then " alias" when alias is not NULL. */
void sql_table(struct StrBuf *sb, const struct Schema *s, const char *table, const char *alias);

/* Appends alias."col"<cast> AS out, or NULL<cast> AS out when the role cannot read the column
 * (or the deployment has none). cast is "" or NULL for none, else e.g. "::text". */
void sql_col(struct StrBuf *sb, const struct Schema *s, const char *table, const char *alias,
             const char *col, const char *cast, const char *out);

/* Whether the role may read every column of cols (a NULL-terminated list) in table. */
bool sql_readable(const struct Schema *s, const char *table, const char *const *cols);

#endif
