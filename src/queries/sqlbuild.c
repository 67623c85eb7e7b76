#include "config.h"

#include "src/queries/sqlbuild.h"

#include <stdlib.h>

#include "src/util/xalloc.h"

void query_free(struct Query *q)
{
    XFREE(q->sql);
    for (int i = 0; i < q->nparams; i++)
        XFREE(q->params[i]);
    q->nparams = 0;
}

char *sql_ident(const char *name)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_putc(&sb, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            sb_putc(&sb, '"');
        sb_putc(&sb, *p);
    }
    sb_putc(&sb, '"');
    return sb_steal(&sb);
}

int sql_param(struct Query *q, const char *v)
{
    if (q->nparams >= QUERY_MAX_PARAMS)
        abort(); /* a programming error: raise QUERY_MAX_PARAMS */
    q->params[q->nparams++] = xstrdup(v);
    return q->nparams;
}

void sql_table(struct StrBuf *sb, const struct Schema *s, const char *table, const char *alias)
{
    if (s->schema) {
        char *n = sql_ident(s->schema);
        sb_appendf(sb, "%s.", n);
        free(n);
    }
    char *t = sql_ident(table);
    sb_append(sb, t);
    free(t);
    if (alias)
        sb_appendf(sb, " %s", alias);
}

void sql_col(struct StrBuf *sb, const struct Schema *s, const char *table, const char *alias,
             const char *col, const char *cast, const char *out)
{
    if (!cast)
        cast = "";
    if (schema_can_read(s, table, col)) {
        char *c = sql_ident(col);
        sb_appendf(sb, "%s.%s%s AS %s", alias, c, cast, out);
        free(c);
    } else {
        sb_appendf(sb, "NULL%s AS %s", cast, out);
    }
}

bool sql_readable(const struct Schema *s, const char *table, const char *const *cols)
{
    for (; *cols; cols++)
        if (!schema_can_read(s, table, *cols))
            return false;
    return true;
}
