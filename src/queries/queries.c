#include "config.h"

#include "src/queries/queries.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/str.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

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

void query_free(struct Query *q)
{
    XFREE(q->sql);
    for (int i = 0; i < q->nparams; i++)
        XFREE(q->params[i]);
    q->nparams = 0;
}

/* Adds a parameter and returns its number for "$n". */
static int add_param(struct Query *q, const char *v)
{
    if (q->nparams >= QUERY_MAX_PARAMS)
        abort(); /* a programming error: raise QUERY_MAX_PARAMS */
    q->params[q->nparams++] = xstrdup(v);
    return q->nparams;
}

/* Appends "schema"."table" */
static void append_table(struct StrBuf *sb, const struct Schema *s, const char *table)
{
    if (s->schema) {
        char *n = sql_ident(s->schema);
        sb_append(sb, n);
        sb_putc(sb, '.');
        free(n);
    }
    char *t = sql_ident(table);
    sb_append(sb, t);
    free(t);
}

/* Appends alias."col"[::text] AS out, or NULL AS out when the column is not readable. */
static void append_col(struct StrBuf *sb, const struct Schema *s, const char *table,
                       const char *alias, const char *col, const char *cast, const char *out)
{
    if (schema_can_read(s, table, col)) {
        char *c = sql_ident(col);
        sb_appendf(sb, "%s.%s%s AS %s", alias, c, cast ? cast : "", out);
        free(c);
    } else {
        sb_appendf(sb, "NULL AS %s", out);
    }
}

static char *grant_hint(const struct Schema *s, const char *table)
{
    const char *user = s->user ? s->user : "current_user";
    if (!schema_table(s, table))
        return xasprintf("This database has no table %s in schema %s.", table,
                         s->schema ? s->schema : "(none: check the search_path)");
    return xasprintf("Role %s cannot read table %s. To allow it, an administrator can run:\n"
                     "  GRANT SELECT ON %s.%s TO %s;",
                     user, table, s->schema ? s->schema : "public", table, user);
}

static bool need_table(const struct Schema *s, const char *table, const char *col, char **why)
{
    if (schema_can_read(s, table, col))
        return true;
    *why = grant_hint(s, table);
    return false;
}

/* Adds the UTC bounds of the display-zone days [today, today + days) as two parameters and
 * returns the number of the first. */
static int day_params(struct Query *q, time_t now, int days)
{
    char a[32], b[32];
    tz_format_utc(tz_day_start(now, 0), a, sizeof a);
    tz_format_utc(tz_day_start(now, days), b, sizeof b);
    int first = add_param(q, a);
    add_param(q, b);
    return first;
}

static bool build_salons(const struct Schema *s, time_t now, struct Query *q, char **why)
{
    if (!need_table(s, "salons", "id", why) || !need_table(s, "salons", "name", why))
        return false;
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT s.\"id\" AS id, s.\"name\" AS name, ");
    append_col(&sb, s, "salons", "s", "is_active", NULL, "active");
    sb_append(&sb, ", ");
    if (schema_can_read(s, "bookings", "salon_id") && schema_can_read(s, "bookings", "start_ts")) {
        int p = day_params(q, now, 1);
        sb_append(&sb, "(SELECT count(*) FROM ");
        append_table(&sb, s, "bookings");
        sb_appendf(&sb,
                   " b WHERE b.\"salon_id\" = s.\"id\" AND b.\"start_ts\" >= $%d::timestamp"
                   " AND b.\"start_ts\" < $%d::timestamp) AS bookings_today",
                   p, p + 1);
    } else {
        sb_append(&sb, "NULL::bigint AS bookings_today");
    }
    sb_append(&sb, ", ");
    if (schema_can_read(s, "messages", "salon_id") &&
        schema_can_read(s, "messages", "created_at")) {
        char since[32];
        tz_format_utc(now - 24 * 3600, since, sizeof since);
        int p = add_param(q, since);
        sb_append(&sb, "(SELECT count(*) FROM ");
        append_table(&sb, s, "messages");
        sb_appendf(&sb,
                   " m WHERE m.\"salon_id\" = s.\"id\" AND m.\"created_at\" >= $%d::timestamp)"
                   " AS messages_24h",
                   p);
    } else {
        sb_append(&sb, "NULL::bigint AS messages_24h");
    }
    sb_append(&sb, " FROM ");
    append_table(&sb, s, "salons");
    sb_append(&sb, " s ORDER BY s.\"name\", s.\"id\"");
    q->name = "salons";
    q->sql = sb_steal(&sb);
    sb_free(&sb);
    return true;
}

static bool build_bookings(const struct Schema *s, time_t now, struct Query *q, char **why)
{
    if (!need_table(s, "bookings", "start_ts", why))
        return false;
    bool salon_names =
        schema_can_read(s, "salons", "name") && schema_can_read(s, "bookings", "salon_id");
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT b.\"start_ts\" AS start_utc, ");
    if (salon_names)
        sb_append(&sb, "s.\"name\" AS salon, ");
    else
        append_col(&sb, s, "bookings", "b", "salon_id", NULL, "salon"), sb_append(&sb, ", ");
    append_col(&sb, s, "bookings", "b", "customer_name", NULL, "customer");
    sb_append(&sb, ", ");
    append_col(&sb, s, "bookings", "b", "customer_phone", NULL, "phone");
    sb_append(&sb, ", ");
    append_col(&sb, s, "bookings", "b", "service", NULL, "service");
    sb_append(&sb, ", ");
    append_col(&sb, s, "bookings", "b", "status", "::text", "status");
    sb_append(&sb, ", ");
    append_col(&sb, s, "bookings", "b", "booking_code", NULL, "code");
    sb_append(&sb, " FROM ");
    append_table(&sb, s, "bookings");
    sb_append(&sb, " b");
    if (salon_names) {
        sb_append(&sb, " LEFT JOIN ");
        append_table(&sb, s, "salons");
        sb_append(&sb, " s ON s.\"id\" = b.\"salon_id\"");
    }
    int p = day_params(q, now, 1);
    sb_appendf(&sb,
               " WHERE b.\"start_ts\" >= $%d::timestamp AND b.\"start_ts\" < $%d::timestamp"
               " ORDER BY b.\"start_ts\" LIMIT 2000",
               p, p + 1);
    q->name = "bookings_today";
    q->sql = sb_steal(&sb);
    sb_free(&sb);
    return true;
}

static bool build_threads(const struct Schema *s, time_t now, struct Query *q, char **why)
{
    struct StrBuf sb;
    sb_init(&sb);
    bool salon_names = schema_can_read(s, "salons", "name");
    if (schema_can_read(s, "conversations", "phone_number") &&
        schema_can_read(s, "conversations", "last_message_at")) {
        sb_append(&sb, "SELECT c.\"last_message_at\" AS last_utc, ");
        if (salon_names)
            sb_append(&sb, "s.\"name\" AS salon, ");
        else
            append_col(&sb, s, "conversations", "c", "salon_id", NULL, "salon"),
                sb_append(&sb, ", ");
        sb_append(&sb, "c.\"phone_number\" AS phone, ");
        append_col(&sb, s, "conversations", "c", "status", "::text", "status");
        sb_append(&sb, ", ");
        append_col(&sb, s, "conversations", "c", "message_count", NULL, "messages");
        sb_append(&sb, " FROM ");
        append_table(&sb, s, "conversations");
        sb_append(&sb, " c");
        if (salon_names) {
            sb_append(&sb, " LEFT JOIN ");
            append_table(&sb, s, "salons");
            sb_append(&sb, " s ON s.\"id\" = c.\"salon_id\"");
        }
        sb_append(&sb, " ORDER BY c.\"last_message_at\" DESC NULLS LAST LIMIT 500");
        q->name = "threads_recent";
    } else if (schema_can_read(s, "messages", "phone_number") &&
               schema_can_read(s, "messages", "created_at") &&
               schema_can_read(s, "messages", "salon_id")) {
        /* Deployments without conversation rows: threads are messages by salon and phone. */
        sb_append(&sb, "SELECT max(m.\"created_at\") AS last_utc, m.\"salon_id\" AS salon,"
                       " m.\"phone_number\" AS phone, NULL AS status, count(*) AS messages FROM ");
        append_table(&sb, s, "messages");
        char since[32];
        tz_format_utc(now - 7 * 24 * 3600, since, sizeof since);
        sb_appendf(&sb,
                   " m WHERE m.\"created_at\" >= $%d::timestamp GROUP BY 2, 3"
                   " ORDER BY 1 DESC LIMIT 500",
                   add_param(q, since));
        q->name = "threads_from_messages";
    } else {
        sb_free(&sb);
        return need_table(s, "messages", "phone_number", why);
    }
    q->sql = sb_steal(&sb);
    sb_free(&sb);
    return true;
}

static bool build_health(const struct Schema *s, time_t now, struct Query *q, char **why)
{
    (void)s;
    (void)now;
    (void)why;
    q->name = "health_activity";
    q->sql = xstrdup("SELECT a.pid, a.datname AS database, a.usename AS \"user\","
                     " a.application_name AS application, a.client_addr::text AS client, a.state,"
                     " a.wait_event_type || ':' || a.wait_event AS wait,"
                     " date_trunc('second', now() - a.xact_start)::text AS xact_age,"
                     " date_trunc('second', now() - a.query_start)::text AS query_age,"
                     " a.pid = pg_backend_pid() AS self, a.query,"
                     " current_setting('max_connections') AS max_connections"
                     " FROM pg_catalog.pg_stat_activity a WHERE a.backend_type = 'client backend'"
                     " ORDER BY a.query_start NULLS LAST, a.pid");
    return true;
}

bool queries_build(enum ViewId v, const struct Schema *s, time_t now, struct Query *q, char **why)
{
    memset(q, 0, sizeof *q);
    *why = NULL;
    switch (v) {
    case VIEW_SALONS:
        return build_salons(s, now, q, why);
    case VIEW_BOOKINGS:
        return build_bookings(s, now, q, why);
    case VIEW_THREADS:
        return build_threads(s, now, q, why);
    case VIEW_HEALTH:
        return build_health(s, now, q, why);
    case VIEW__COUNT:
        break;
    }
    *why = xstrdup("unknown view");
    return false;
}
