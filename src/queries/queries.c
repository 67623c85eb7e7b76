#include "config.h"

#include "src/queries/queries.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/str.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

static char *grant_hint(const struct Schema *s, const char *table)
{
    char *what = xasprintf("table %s", table);
    char *why = schema_no_access(s, table, what);
    free(what);
    return why;
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
    int first = sql_param(q, a);
    sql_param(q, b);
    return first;
}

static bool build_salons(const struct Schema *s, time_t now, struct Query *q, char **why)
{
    if (!need_table(s, "salons", "id", why) || !need_table(s, "salons", "name", why))
        return false;
    static const char *const bk_cols[] = {"salon_id", "start_ts", NULL};
    static const char *const tpl_cols[] = {"salon_id", "status", NULL};
    static const char *const wh_cols[] = {"salon_id", "created_at", "error", NULL};
    static const char *const ai_cols[] = {"salon_id", "created_at", "cost", NULL};
    bool bk = sql_readable(s, "bookings", bk_cols), tpl = sql_readable(s, "templates", tpl_cols),
         wh = sql_readable(s, "webhook_logs", wh_cols),
         ai = sql_readable(s, "ai_messages", ai_cols);
    char since24[32], since30[32];
    tz_format_utc(now - 24 * 3600, since24, sizeof since24);
    tz_format_utc(now - 30 * 24 * 3600, since30, sizeof since30);
    int p_day = bk ? day_params(q, now, 1) : 0;
    int p_week = 0;
    if (bk) {
        char wk[32];
        tz_format_utc(tz_day_start(now, 7), wk, sizeof wk);
        p_week = sql_param(q, wk);
    }
    int p_24 = wh ? sql_param(q, since24) : 0;
    int p_30 = ai ? sql_param(q, since30) : 0;

    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT s.\"id\" AS id, s.\"name\" AS name, ");
    sql_col(&sb, s, "salons", "s", "is_active", NULL, "active");
    sb_append(&sb, ", ");
    sql_col(&sb, s, "salons", "s", "phone_number_id", NULL, "phone_number_id");
    /* Only the last four characters of the token ever leave the server. */
    if (schema_can_read(s, "salons", "access_token"))
        sb_append(&sb, ", CASE WHEN s.\"access_token\" IS NULL THEN NULL"
                       " ELSE '…' || right(s.\"access_token\", 4) END AS token");
    else
        sb_append(&sb, ", NULL AS token");
    sb_append(&sb, bk ? ", b.today AS bookings_today, b.week AS bookings_7d"
                      : ", NULL::bigint AS bookings_today, NULL::bigint AS bookings_7d");
    /* The message figures come from queries_build_extra: placeholders keep the columns. */
    sb_append(&sb, ", NULL::bigint AS in_24h, NULL::bigint AS out_24h, NULL::bigint AS failed_24h");
    sb_append(&sb, tpl ? ", coalesce(t.pending, 0) AS templates_pending,"
                         " coalesce(t.rejected, 0) AS templates_rejected"
                       : ", NULL::bigint AS templates_pending, NULL::bigint AS templates_rejected");
    sb_append(&sb, wh ? ", coalesce(w.errors, 0) AS webhook_errors_24h"
                      : ", NULL::bigint AS webhook_errors_24h");
    sb_append(&sb, ai ? ", a.cost AS ai_cost_30d" : ", NULL::numeric AS ai_cost_30d");
    sb_append(&sb, " FROM ");
    sql_table(&sb, s, "salons", NULL);
    sb_append(&sb, " s");
    if (bk) {
        sb_append(&sb, " LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE x.\"start_ts\" < ");
        sb_appendf(&sb, "$%d::timestamp) AS today, count(*) AS week FROM ", p_day + 1);
        sql_table(&sb, s, "bookings", NULL);
        sb_appendf(&sb,
                   " x WHERE x.\"salon_id\" = s.\"id\" AND x.\"start_ts\" >= $%d::timestamp"
                   " AND x.\"start_ts\" < $%d::timestamp) b ON true",
                   p_day, p_week);
    }
    /* templates and webhook_logs have no index on salon_id: each is read once and grouped,
     * where a lateral per salon would read it once per salon. */
    if (tpl) {
        sb_append(&sb,
                  " LEFT JOIN (SELECT x.\"salon_id\","
                  " count(*) FILTER (WHERE x.\"status\"::text = 'PENDING') AS pending,"
                  " count(*) FILTER (WHERE x.\"status\"::text = 'REJECTED') AS rejected FROM ");
        sql_table(&sb, s, "templates", NULL);
        sb_append(&sb, " x GROUP BY 1) t ON t.\"salon_id\" = s.\"id\"");
    }
    if (wh) {
        sb_append(&sb, " LEFT JOIN (SELECT x.\"salon_id\", count(*) AS errors FROM ");
        sql_table(&sb, s, "webhook_logs", NULL);
        sb_appendf(&sb,
                   " x WHERE x.\"created_at\" >= $%d::timestamp AND x.\"error\" IS NOT NULL"
                   " GROUP BY 1) w ON w.\"salon_id\" = s.\"id\"",
                   p_24);
    }
    if (ai) {
        sb_append(&sb, " LEFT JOIN LATERAL (SELECT coalesce(sum(x.\"cost\"), 0) AS cost FROM ");
        sql_table(&sb, s, "ai_messages", NULL);
        sb_appendf(&sb,
                   " x WHERE x.\"salon_id\" = s.\"id\" AND x.\"created_at\" >= $%d::timestamp)"
                   " a ON true",
                   p_30);
    }
    sb_append(&sb, " ORDER BY s.\"name\", s.\"id\"");
    q->name = "salons";
    q->sql = sb_steal(&sb);
    return true;
}

/* SELECT the listed columns (those readable; NULL for the rest) of table for one salon. */
static bool salon_part(const struct Schema *s, const char *table, const char *const *cols,
                       const char *order, int limit, const char *salon_id, struct Query *q)
{
    if (!schema_can_read(s, table, "salon_id"))
        return false;
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT ");
    for (int i = 0; cols[i]; i++) {
        if (i)
            sb_append(&sb, ", ");
        bool pretty = strcmp(cols[i], "payload") == 0;
        if (!schema_can_read(s, table, cols[i]))
            sb_appendf(&sb, "NULL AS %s", cols[i]);
        else if (strcmp(cols[i], "created_at") == 0) /* shown in the display zone */
            sb_append(&sb, "x.\"created_at\" AS created_utc");
        else if (pretty)
            sb_append(&sb, "jsonb_pretty(x.\"payload\"::jsonb) AS payload");
        else
            sql_col(&sb, s, table, "x", cols[i], "::text", cols[i]);
    }
    sb_append(&sb, " FROM ");
    sql_table(&sb, s, table, NULL);
    sb_appendf(&sb, " x WHERE x.\"salon_id\" = $%d", sql_param(q, salon_id));
    if (strcmp(table, "webhook_logs") == 0 && schema_can_read(s, table, "error"))
        sb_append(&sb, " AND x.\"error\" IS NOT NULL");
    if (order && schema_can_read(s, table, order)) {
        char *o = sql_ident(order);
        sb_appendf(&sb, " ORDER BY x.%s%s", o, strcmp(order, "created_at") == 0 ? " DESC" : "");
        free(o);
    }
    sb_appendf(&sb, " LIMIT %d", limit);
    q->sql = sb_steal(&sb);
    return true;
}

bool queries_salon_part(enum SalonPart part, const struct Schema *s, const char *salon_id,
                        struct Query *q)
{
    static const char *const templates[] = {"name", "language", "category", "status", NULL};
    static const char *const webhooks[] = {"created_at", "event_type", "status",
                                           "error",      "payload",    NULL};
    static const char *const masters[] = {"name", "is_active", NULL};
    static const char *const services[] = {"name", "duration_min", "price", NULL};
    memset(q, 0, sizeof *q);
    switch (part) {
    case SALON_TEMPLATES:
        q->name = "salon_templates";
        return salon_part(s, "templates", templates, "name", 200, salon_id, q);
    case SALON_WEBHOOKS:
        q->name = "salon_webhook_errors";
        return salon_part(s, "webhook_logs", webhooks, "created_at", 20, salon_id, q);
    case SALON_MASTERS:
        q->name = "salon_masters";
        return salon_part(s, "masters", masters, "name", 200, salon_id, q);
    case SALON_SERVICES:
        q->name = "salon_services";
        return salon_part(s, "services", services, "name", 200, salon_id, q);
    default:
        return false;
    }
}

/* Each salon's messages of the last 24 h, in, out and failed: the one costly part of the list
 * (a day of a busy platform's messages, read through (salon_id, created_at)), so it comes second
 * and the names are on screen meanwhile. */
static bool build_salons_messages(const struct Schema *s, time_t now, struct Query *q)
{
    static const char *const msg_cols[] = {"salon_id", "created_at", "direction", "status", NULL};
    if (!sql_readable(s, "messages", msg_cols) || !schema_can_read(s, "salons", "id"))
        return false;
    char since24[32];
    tz_format_utc(now - 24 * 3600, since24, sizeof since24);
    int p = sql_param(q, since24);
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT s.\"id\" AS id, m.inbound AS in_24h, m.outbound AS out_24h,"
                   " m.failed AS failed_24h FROM ");
    sql_table(&sb, s, "salons", NULL);
    sb_append(&sb, " s LEFT JOIN LATERAL (SELECT"
                   " count(*) FILTER (WHERE x.\"direction\"::text = 'INBOUND') AS inbound,"
                   " count(*) FILTER (WHERE x.\"direction\"::text = 'OUTBOUND') AS outbound,"
                   " count(*) FILTER (WHERE x.\"status\"::text = 'FAILED') AS failed FROM ");
    sql_table(&sb, s, "messages", NULL);
    sb_appendf(&sb,
               " x WHERE x.\"salon_id\" = s.\"id\" AND x.\"created_at\" >= $%d::timestamp)"
               " m ON true",
               p);
    q->name = "salons_messages";
    q->sql = sb_steal(&sb);
    return true;
}

bool queries_build_extra(enum ViewId v, const struct Schema *s, time_t now, struct Query *q)
{
    memset(q, 0, sizeof *q);
    return v == VIEW_SALONS && build_salons_messages(s, now, q);
}

bool queries_build(enum ViewId v, const struct Schema *s, time_t now, struct Query *q, char **why)
{
    memset(q, 0, sizeof *q);
    *why = NULL;
    switch (v) {
    case VIEW_SALONS:
        return build_salons(s, now, q, why);
    default:
        break;
    }
    *why = xstrdup("this view has a model of its own");
    return false;
}
