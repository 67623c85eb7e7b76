/* What the connected database has: tables, columns, enum-typed columns and what the role may
 * read. Discovered at every connect; queries are built from it, so no variant of the platform's
 * schema is assumed. */
#ifndef SD_SCHEMA_H
#define SD_SCHEMA_H

#include <stdbool.h>

#include "src/db/rows.h"

struct SchemaColumn {
    char *name;
    char *type;
    bool is_enum;
    bool can_select;
};

struct SchemaTable {
    char *name;
    bool can_select;   /* on the whole table */
    bool row_security; /* row-level security applies to this role */
    struct SchemaColumn *cols;
    int ncols;
};

struct Schema {
    bool loaded;
    char *user;
    char *database;
    char *schema; /* current_schema(), or NULL when the search_path names none that exists */
    char *server_version;
    int server_version_num;
    bool superuser;
    bool pg_monitor; /* member of pg_monitor (or superuser) */
    bool bypass_rls;
    bool planner; /* may plan as salondesk_planner, a read-only role (sql/roles.sql) */
    struct SchemaTable *tables;
    int ntables;
};

/* Fill s from the discovery results (clears what it held). */
void schema_set_info(struct Schema *s, const struct DbRows *info);
void schema_set_columns(struct Schema *s, const struct DbRows *cols);
void schema_clear(struct Schema *s);

const struct SchemaTable *schema_table(const struct Schema *s, const char *name);
const struct SchemaColumn *schema_column(const struct SchemaTable *t, const char *name);
/* True when the table exists and the role may read the column (or the whole table when col is
 * NULL). */
bool schema_can_read(const struct Schema *s, const char *table, const char *col);
/* True when row-level security scopes what this role reads (a salon staff login). */
bool schema_rls_scoped(const struct Schema *s);
/* Why `what` (e.g. "the bookings calendar") cannot be shown from `table`, and what would
 * allow it: the GRANT, or for a scoped login that it is not part of that login. Heap. */
char *schema_no_access(const struct Schema *s, const char *table, const char *what);

#endif
