#include "config.h"

#include "src/schema.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/str.h"
#include "src/util/xalloc.h"

static bool truthy(const char *v)
{
    return v && (v[0] == 't' || v[0] == '1');
}

static char *dup_or_null(const char *v)
{
    return v ? xstrdup(v) : NULL;
}

static void clear_tables(struct Schema *s)
{
    for (int i = 0; i < s->ntables; i++) {
        struct SchemaTable *t = &s->tables[i];
        for (int j = 0; j < t->ncols; j++) {
            free(t->cols[j].name);
            free(t->cols[j].type);
        }
        free(t->cols);
        free(t->name);
    }
    XFREE(s->tables);
    s->ntables = 0;
}

void schema_clear(struct Schema *s)
{
    clear_tables(s);
    XFREE(s->user);
    XFREE(s->database);
    XFREE(s->schema);
    XFREE(s->server_version);
    memset(s, 0, sizeof *s);
}

void schema_set_info(struct Schema *s, const struct DbRows *info)
{
    XFREE(s->user);
    XFREE(s->database);
    XFREE(s->schema);
    XFREE(s->server_version);
    if (!info || info->nrows < 1 || info->ncols < 8)
        return;
    s->user = dup_or_null(db_rows_get(info, 0, 0));
    s->database = dup_or_null(db_rows_get(info, 0, 1));
    s->schema = dup_or_null(db_rows_get(info, 0, 2));
    s->server_version = dup_or_null(db_rows_get(info, 0, 3));
    const char *num = db_rows_get(info, 0, 4);
    s->server_version_num = num ? atoi(num) : 0;
    s->superuser = truthy(db_rows_get(info, 0, 5));
    s->pg_monitor = truthy(db_rows_get(info, 0, 6));
    s->bypass_rls = truthy(db_rows_get(info, 0, 7));
    s->planner = info->ncols > 8 && truthy(db_rows_get(info, 0, 8));
}

void schema_set_columns(struct Schema *s, const struct DbRows *cols)
{
    clear_tables(s);
    s->loaded = true;
    if (!cols)
        return;
    for (int r = 0; r < cols->nrows; r++) {
        const char *tname = db_rows_get(cols, r, 0);
        const char *cname = db_rows_get(cols, r, 1);
        if (!tname || !cname)
            continue;
        struct SchemaTable *t = s->ntables ? &s->tables[s->ntables - 1] : NULL;
        if (!t || strcmp(t->name, tname) != 0) {
            s->tables = xreallocarray(s->tables, (size_t)s->ntables + 1, sizeof *s->tables);
            t = &s->tables[s->ntables++];
            memset(t, 0, sizeof *t);
            t->name = xstrdup(tname);
            t->can_select = truthy(db_rows_get(cols, r, 4));
            t->row_security = cols->ncols > 6 && truthy(db_rows_get(cols, r, 6));
        }
        t->cols = xreallocarray(t->cols, (size_t)t->ncols + 1, sizeof *t->cols);
        struct SchemaColumn *c = &t->cols[t->ncols++];
        c->name = xstrdup(cname);
        c->type = dup_or_null(db_rows_get(cols, r, 2));
        c->is_enum = truthy(db_rows_get(cols, r, 3));
        c->can_select = truthy(db_rows_get(cols, r, 5));
    }
}

const struct SchemaTable *schema_table(const struct Schema *s, const char *name)
{
    for (int i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].name, name) == 0)
            return &s->tables[i];
    return NULL;
}

const struct SchemaColumn *schema_column(const struct SchemaTable *t, const char *name)
{
    if (!t)
        return NULL;
    for (int i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i].name, name) == 0)
            return &t->cols[i];
    return NULL;
}

bool schema_can_read(const struct Schema *s, const char *table, const char *col)
{
    const struct SchemaTable *t = schema_table(s, table);
    if (!t)
        return false;
    if (!col)
        return t->can_select;
    const struct SchemaColumn *c = schema_column(t, col);
    return c && c->can_select;
}

bool schema_rls_scoped(const struct Schema *s)
{
    if (s->superuser || s->bypass_rls)
        return false;
    for (int i = 0; i < s->ntables; i++)
        if (s->tables[i].row_security && s->tables[i].can_select)
            return true;
    return false;
}

char *schema_no_access(const struct Schema *s, const char *table, const char *what)
{
    const struct SchemaTable *t = schema_table(s, table);
    if (!t)
        return xasprintf("This database has no table %s in schema %s.", table,
                         s->schema ? s->schema : "(none: check the search_path)");
    const char *user = s->user ? s->user : "current_user";
    /* A grant on a table without row-level security would show a scoped login every salon's
     * rows: such a login is told what it is for instead. */
    if (schema_rls_scoped(s) && !t->row_security)
        return xasprintf("A salon staff login does not show %s: role %s sees its own salon's "
                         "bookings, and %s has no per-salon policy, so a grant would show it "
                         "every salon's rows.",
                         what, user, table);
    return xasprintf("Role %s cannot read %s. To allow it, an administrator can run:\n"
                     "  GRANT SELECT ON %s.%s TO %s;",
                     user, what, s->schema ? s->schema : "public", table, user);
}
