#include "config.h"

#include "src/queries/threads_sql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/util/str.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

bool threads_sql_usable(const struct Schema *s, char **why)
{
    static const char *const need[] = {"id",         "salon_id",  "phone_number",
                                       "created_at", "direction", NULL};
    *why = NULL;
    if (sql_readable(s, "messages", need))
        return true;
    *why = schema_no_access(s, "messages", "the conversation threads");
    return false;
}

bool threads_sql_has_ai(const struct Schema *s)
{
    static const char *const need[] = {"id",         "salon_id",  "phone_number",
                                       "created_at", "direction", NULL};
    return sql_readable(s, "ai_messages", need);
}

/* alias.salon_id = <the salon named by parameter p, by id or else by name>. The id is looked up
 * through the primary key; the name only when no id matches (COALESCE stops at its first value). */
static void salon_match(struct StrBuf *sb, const struct Schema *s, const char *alias, int p)
{
    if (schema_can_read(s, "salons", "id") && schema_can_read(s, "salons", "name")) {
        sb_appendf(sb, "%s.\"salon_id\" = coalesce((SELECT sx.\"id\" FROM ", alias);
        sql_table(sb, s, "salons", "sx");
        sb_appendf(sb, " WHERE sx.\"id\" = $%d), (SELECT sx.\"id\" FROM ", p);
        sql_table(sb, s, "salons", "sx");
        sb_appendf(sb, " WHERE sx.\"name\" = $%d ORDER BY sx.\"id\" LIMIT 1))", p);
    } else {
        sb_appendf(sb, "%s.\"salon_id\" = $%d", alias, p);
    }
}

/* Every statement begins so: an empty query, and a buffer once the role may read threads. */
static bool start(const struct Schema *s, struct Query *q, struct StrBuf *sb, char **why)
{
    memset(q, 0, sizeof *q);
    if (!threads_sql_usable(s, why))
        return false;
    sb_init(sb);
    return true;
}

static bool finish(struct Query *q, struct StrBuf *sb, const char *name)
{
    q->name = name;
    q->sql = sb_steal(sb);
    sb_free(sb);
    return true;
}

/* The columns of the list that come from the threads t (salon_id, phone_number, last_at, n,
 * approx, status, failed): the salon's name, the last message, the AI conversation and the name a
 * booking knows, each found by an index from the thread's keys. */
static void list_outer(struct StrBuf *sb, const struct Schema *s)
{
    sb_append(sb, "SELECT t.last_at AS last_utc, t.salon_id, ");
    bool salons = schema_can_read(s, "salons", "id") && schema_can_read(s, "salons", "name");
    sb_append(sb, salons ? "sn.\"name\" AS salon, " : "NULL::text AS salon, ");
    bool names = schema_can_read(s, "bookings", "customer_name") &&
                 schema_can_read(s, "bookings", "customer_phone") &&
                 schema_can_read(s, "bookings", "salon_id") &&
                 schema_can_read(s, "bookings", "start_ts");
    sb_append(sb, "t.phone_number AS phone, ");
    sb_append(sb, names ? "bk.customer_name AS customer, " : "NULL::text AS customer, ");
    sb_append(sb, "l.last_dir, l.last_type, l.preview, t.n AS messages, t.approx, t.status, "
                  "t.failed, ");
    bool ai = schema_can_read(s, "ai_conversations", "salon_id") &&
              schema_can_read(s, "ai_conversations", "phone_number");
    sb_append(sb, ai ? "a.ai_tokens, a.ai_cost" : "NULL::text AS ai_tokens, NULL::text AS ai_cost");
    /* The last message: (salon_id, created_at) finds it at once. */
    sb_append(sb, " FROM t LEFT JOIN LATERAL (SELECT m.\"direction\"::text AS last_dir, ");
    sql_col(sb, s, "messages", "m", "message_type", "::text", "last_type");
    sb_append(sb, ", ");
    if (schema_can_read(s, "messages", "content"))
        sb_append(sb, "left(m.\"content\", 300) AS preview");
    else
        sb_append(sb, "NULL::text AS preview");
    sb_append(sb, " FROM ");
    sql_table(sb, s, "messages", "m");
    sb_append(sb,
              " WHERE m.\"salon_id\" = t.salon_id AND m.\"created_at\" = t.last_at"
              " AND m.\"phone_number\" = t.phone_number ORDER BY m.\"id\" DESC LIMIT 1) l ON true");
    if (salons) {
        sb_append(sb, " LEFT JOIN ");
        sql_table(sb, s, "salons", "sn");
        sb_append(sb, " ON sn.\"id\" = t.salon_id");
    }
    if (ai) { /* one row at most: the (salon_id, phone_number) key */
        sb_append(sb, " LEFT JOIN LATERAL (SELECT ");
        sql_col(sb, s, "ai_conversations", "a", "total_tokens", "::text", "ai_tokens");
        sb_append(sb, ", ");
        sql_col(sb, s, "ai_conversations", "a", "total_cost", "::text", "ai_cost");
        sb_append(sb, " FROM ");
        sql_table(sb, s, "ai_conversations", "a");
        sb_append(sb, " WHERE a.\"salon_id\" = t.salon_id AND a.\"phone_number\" = t.phone_number"
                      " LIMIT 1) a ON true");
    }
    if (names) {
        sb_append(sb, " LEFT JOIN LATERAL (SELECT b.\"customer_name\" FROM ");
        sql_table(sb, s, "bookings", "b");
        /* Only bookings near the thread's last message: a time range on start_ts, so that a
         * table partitioned by it is read in a few partitions, not all of them. */
        sb_appendf(sb,
                   " WHERE b.\"customer_phone\" = t.phone_number AND b.\"salon_id\" = t.salon_id"
                   " AND b.\"start_ts\" >= t.last_at - interval '%d days'"
                   " AND b.\"start_ts\" < t.last_at + interval '%d days'"
                   " ORDER BY b.\"start_ts\" DESC LIMIT 1) bk ON true",
                   THREADS_SQL_NAME_DAYS_BEFORE, THREADS_SQL_NAME_DAYS_AFTER);
    }
    sb_append(sb, " ORDER BY t.last_at DESC, t.salon_id, t.phone_number");
}

/* The salon's (or each salon's) latest messages, grouped by thread: r(salon_id, phone_number,
 * last_at, n, failed). */
static void list_recent(struct StrBuf *sb, const struct Schema *s, struct Query *q,
                        const char *salon, int *psalon)
{
    bool status = schema_can_read(s, "messages", "status");
    sb_append(sb, "r AS (SELECT w.salon_id, w.phone_number, max(w.created_at) AS last_at,"
                  " count(*) AS n, ");
    sb_append(sb, status ? "count(*) FILTER (WHERE w.status = 'FAILED') AS failed"
                         : "NULL::bigint AS failed");
    sb_append(sb, " FROM ");
    const char *cols = status ? "m.\"salon_id\", m.\"phone_number\", m.\"created_at\","
                                " m.\"status\"::text AS status"
                              : "m.\"salon_id\", m.\"phone_number\", m.\"created_at\"";
    if (salon) {
        if (*psalon == 0)
            *psalon = sql_param(q, salon);
        sb_appendf(sb, "(SELECT %s FROM ", cols);
        sql_table(sb, s, "messages", "m");
        sb_append(sb, " WHERE ");
        salon_match(sb, s, "m", *psalon);
        sb_appendf(sb, " ORDER BY m.\"created_at\" DESC LIMIT %d) w", THREADS_SQL_RECENT);
    } else if (schema_can_read(s, "salons", "id")) {
        sql_table(sb, s, "salons", "sx");
        sb_appendf(sb, " CROSS JOIN LATERAL (SELECT %s FROM ", cols);
        sql_table(sb, s, "messages", "m");
        sb_appendf(sb,
                   " WHERE m.\"salon_id\" = sx.\"id\" ORDER BY m.\"created_at\" DESC LIMIT %d) w",
                   THREADS_SQL_RECENT_EACH);
    } else {
        sb_appendf(sb, "(SELECT %s FROM ", cols);
        sql_table(sb, s, "messages", "m");
        sb_append(sb, " WHERE false) w");
    }
    sb_append(sb, " GROUP BY 1, 2)");
}

/* The list from the conversations rows, completed by the latest messages: threads without a
 * row, fresher last times, failed marks. Nothing here grows with a thread's length. */
static void list_from_conversations(struct StrBuf *sb, const struct Schema *s, struct Query *q,
                                    const char *salon, int limit)
{
    int ps = 0;
    sb_append(sb, "WITH ");
    list_recent(sb, s, q, salon, &ps);
    sb_append(sb, ", c AS (SELECT c.\"salon_id\" AS salon_id, c.\"phone_number\" AS phone_number,"
                  " c.\"last_message_at\" AS last_at, ");
    sb_append(sb, schema_can_read(s, "conversations", "message_count")
                      ? "c.\"message_count\"::bigint AS n, "
                      : "NULL::bigint AS n, ");
    sql_col(sb, s, "conversations", "c", "status", "::text", "status");
    sb_append(sb, " FROM ");
    sql_table(sb, s, "conversations", "c");
    if (salon) {
        sb_append(sb, " WHERE ");
        salon_match(sb, s, "c", ps);
    } else {
        sb_appendf(sb, " ORDER BY c.\"last_message_at\" DESC LIMIT %d", limit);
    }
    sb_appendf(sb,
               "), t AS (SELECT coalesce(c.salon_id, r.salon_id) AS salon_id,"
               " coalesce(c.phone_number, r.phone_number) AS phone_number,"
               " greatest(c.last_at, r.last_at) AS last_at, coalesce(c.n, r.n) AS n,"
               " c.n IS NULL AS approx, c.status, r.failed"
               " FROM c FULL JOIN r ON r.salon_id = c.salon_id AND r.phone_number = "
               "c.phone_number ORDER BY 3 DESC, 1, 2 LIMIT %d) ",
               limit);
}

/* Without readable conversations: every thread grouped from its messages (exact, but it reads
 * all of the salon's messages, or the last 90 days of all salons). */
static void list_from_messages(struct StrBuf *sb, const struct Schema *s, struct Query *q,
                               const char *salon, time_t now, int limit)
{
    bool status = schema_can_read(s, "messages", "status");
    sb_append(sb, "WITH t AS (SELECT m.\"salon_id\" AS salon_id, m.\"phone_number\" AS "
                  "phone_number, max(m.\"created_at\") AS last_at, count(*) AS n, false AS approx,"
                  " NULL::text AS status, ");
    sb_append(sb, status ? "count(*) FILTER (WHERE m.\"status\"::text = 'FAILED') AS failed"
                         : "NULL::bigint AS failed");
    sb_append(sb, " FROM ");
    sql_table(sb, s, "messages", "m");
    sb_append(sb, " WHERE ");
    if (salon) {
        salon_match(sb, s, "m", sql_param(q, salon));
    } else {
        char since[32];
        tz_format_utc(now - 90 * 24 * 3600, since, sizeof since);
        sb_appendf(sb, "m.\"created_at\" >= $%d::timestamp", sql_param(q, since));
    }
    sb_appendf(sb, " GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT %d) ", limit);
}

bool threads_sql_list(const struct Schema *s, const char *salon, time_t now, int limit,
                      struct Query *q, char **why)
{
    struct StrBuf sb;
    if (!start(s, q, &sb, why))
        return false;
    static const char *const conv[] = {"salon_id", "phone_number", "last_message_at", NULL};
    if (sql_readable(s, "conversations", conv))
        list_from_conversations(&sb, s, q, salon, limit);
    else
        list_from_messages(&sb, s, q, salon, now, limit);
    list_outer(&sb, s);
    return finish(q, &sb, salon ? "threads_list_salon" : "threads_list_all");
}

/* WHERE clause of one thread: salon (optional) and phone; returns the next parameter number. */
static void thread_where(struct StrBuf *sb, const struct Schema *s, struct Query *q,
                         const char *alias, const char *salon, const char *phone, int *psalon,
                         int *pphone)
{
    if (*pphone == 0)
        *pphone = sql_param(q, phone);
    sb_appendf(sb, " WHERE %s.\"phone_number\" = $%d", alias, *pphone);
    if (salon) {
        if (*psalon == 0)
            *psalon = sql_param(q, salon);
        sb_append(sb, " AND ");
        salon_match(sb, s, alias, *psalon);
    }
}

/* What page_cols names, for the queries around them. */
#define PAGE_COLUMNS                                                                               \
    "kind, id, ts, direction, type, content, media_url, status, cost, ai_model, tokens, "          \
    "response_ms"

/* The select list of a page (without SELECT), the same for messages (alias m) and ai_messages
 * (alias a). */
static void page_cols(struct StrBuf *sb, const struct Schema *s, bool ai)
{
    const char *t = ai ? "ai_messages" : "messages";
    const char *a = ai ? "a" : "m";
    sb_appendf(sb, "'%s'::text AS kind, %s.\"id\"::text AS id, %s.\"created_at\" AS ts, ", a, a, a);
    sb_appendf(sb, "%s.\"direction\"::text AS direction, ", a);
    if (ai)
        sb_append(sb, "'AI'::text AS type");
    else
        sql_col(sb, s, t, a, "message_type", "::text", "type");
    sb_append(sb, ", ");
    sql_col(sb, s, t, a, "content", "::text", "content");
    sb_append(sb, ", ");
    if (ai) {
        sb_append(sb, "NULL::text AS media_url, NULL::text AS status, ");
    } else {
        sql_col(sb, s, t, a, "media_url", "::text", "media_url");
        sb_append(sb, ", ");
        sql_col(sb, s, t, a, "status", "::text", "status");
        sb_append(sb, ", ");
    }
    sql_col(sb, s, t, a, "cost", "::text", "cost");
    sb_append(sb, ", ");
    if (ai) {
        sql_col(sb, s, t, a, "ai_model", "::text", "ai_model");
        sb_append(sb, ", ");
        sql_col(sb, s, t, a, "tokens_used", "::text", "tokens");
        sb_append(sb, ", ");
        sql_col(sb, s, t, a, "response_time_ms", "::text", "response_ms");
    } else {
        sb_append(sb, "NULL::text AS ai_model, NULL::text AS tokens, NULL::text AS response_ms");
    }
}

/* The keyset part of a page: " AND (created_at, id) <op> (cursor)" and the order and limit. */
static void page_tail(struct StrBuf *sb, const char *a, const char *cond, const char *order, int n)
{
    if (cond)
        sb_appendf(sb, " AND (%s.\"created_at\", %s.\"id\") %s", a, a, cond);
    sb_appendf(sb, " ORDER BY %s.\"created_at\" %s, %s.\"id\" %s LIMIT %d", a, order, a, order, n);
}

/* The AI messages of the page, by their own salon and phone (threads_sql_has_ai requires both).
 * Not through ai_conversations: the platform's ai_messages.conversation_id holds
 * ai_conversations.conversation_id, other data its id, and salon and phone match either. */
static void page_ai(struct StrBuf *sb, const struct Schema *s, struct Query *q, const char *salon,
                    const char *phone, int *ps, int *pp, const char *cond, const char *order, int n)
{
    sb_append(sb, "(SELECT ");
    page_cols(sb, s, true);
    sb_append(sb, " FROM ");
    sql_table(sb, s, "ai_messages", "a");
    thread_where(sb, s, q, "a", salon, phone, ps, pp);
    page_tail(sb, "a", cond, order, n);
    sb_append(sb, ")");
}

/* What thread_messages selects: the select list over alias m (cols) and its output names
 * (names), an extra condition (" AND ..." or NULL), the keyset condition and direction, and how
 * many rows. */
struct ThreadScan {
    const char *cols, *names, *extra;
    const char *anchor; /* where the window starts: the cursor, or the end of time */
    const char *cond;   /* "(created_at, id) <op> (cursor)", or NULL */
    bool asc;
    int n;
};

static void scan_plain(struct StrBuf *sb, const struct Schema *s, struct Query *q,
                       const char *salon, const char *phone, int *ps, int *pp,
                       const struct ThreadScan *t)
{
    sb_appendf(sb, "SELECT %s FROM ", t->cols);
    sql_table(sb, s, "messages", "m");
    thread_where(sb, s, q, "m", salon, phone, ps, pp);
    if (t->extra)
        sb_append(sb, t->extra);
    page_tail(sb, "m", t->cond, t->asc ? "ASC" : "DESC", t->n);
}

/* The first t->n messages of a thread from a cursor. With the platform's indexes a thread is
 * either dense in its salon's recent history (a busy customer) or sparse (one of many). The
 * (salon_id, created_at) index serves the first: an index-only scan finds the far edge of the
 * salon's next THREADS_SQL_WINDOW messages, and the thread's rows inside that window are the
 * answer when there are n of them (or when the window reaches the salon's end). Otherwise the
 * (phone_number) index finds them, a cost that grows with the thread and not with the salon.
 * Both are one statement; the second branch does not run when the first suffices. */
static void thread_messages(struct StrBuf *sb, const struct Schema *s, struct Query *q,
                            const char *salon, const char *phone, int *ps, int *pp,
                            const struct ThreadScan *t)
{
    sb_append(sb, "(");
    if (!salon) {
        scan_plain(sb, s, q, salon, phone, ps, pp, t);
        sb_append(sb, ")");
        return;
    }
    if (*pp == 0)
        *pp = sql_param(q, phone);
    if (*ps == 0)
        *ps = sql_param(q, salon);
    const char *order = t->asc ? "ASC" : "DESC";
    const char *far = t->asc ? "'infinity'::timestamp" : "'-infinity'::timestamp";
    /* A window shorter than THREADS_SQL_WINDOW reaches the salon's end. */
    sb_appendf(sb,
               "WITH edge AS (SELECT CASE WHEN count(*) < %d THEN %s ELSE %s(w.\"created_at\")"
               " END AS at FROM (SELECT w.\"created_at\" FROM ",
               THREADS_SQL_WINDOW, far, t->asc ? "max" : "min");
    sql_table(sb, s, "messages", "w");
    sb_append(sb, " WHERE ");
    salon_match(sb, s, "w", *ps);
    sb_appendf(sb, " AND w.\"created_at\" %s %s ORDER BY w.\"created_at\" %s LIMIT %d) w),",
               t->asc ? ">=" : "<=", t->anchor, order, THREADS_SQL_WINDOW);
    sb_appendf(sb, " near AS (SELECT %s FROM ", t->cols);
    sql_table(sb, s, "messages", "m");
    thread_where(sb, s, q, "m", salon, phone, ps, pp);
    sb_appendf(sb, " AND m.\"created_at\" %s (SELECT at FROM edge)", t->asc ? "<" : ">");
    if (t->extra)
        sb_append(sb, t->extra);
    page_tail(sb, "m", t->cond, order, t->n);
    sb_appendf(sb,
               "), enough AS (SELECT (SELECT count(*) FROM near) = %d"
               " OR (SELECT at FROM edge) = %s AS yes)"
               " SELECT %s FROM near WHERE (SELECT yes FROM enough) UNION ALL SELECT %s FROM (",
               t->n, far, t->names, t->names);
    scan_plain(sb, s, q, salon, phone, ps, pp, t);
    sb_append(sb, ") far WHERE NOT (SELECT yes FROM enough))");
}

bool threads_sql_page(const struct Schema *s, const char *salon, const char *phone, bool with_ai,
                      enum ThreadPageDir dir, const char *cursor_utc, const char *cursor_id, int n,
                      struct Query *q, char **why)
{
    struct StrBuf sb;
    if (!start(s, q, &sb, why))
        return false;
    bool asc = dir == PAGE_OLDEST || dir == PAGE_NEWER;
    const char *order = asc ? "ASC" : "DESC";
    char cond[96] = "", anchor[48];
    snprintf(anchor, sizeof anchor, "'%sinfinity'::timestamp", asc ? "-" : "");
    if (dir == PAGE_OLDER || dir == PAGE_AT || dir == PAGE_NEWER) {
        int p = sql_param(q, cursor_utc ? cursor_utc : "");
        sql_param(q, cursor_id ? cursor_id : "");
        const char *op = dir == PAGE_OLDER ? "<" : dir == PAGE_AT ? "<=" : ">";
        snprintf(cond, sizeof cond, "%s ($%d::timestamp, $%d::text)", op, p, p + 1);
        snprintf(anchor, sizeof anchor, "$%d::timestamp", p);
    }
    int ps = 0, pp = 0;
    bool ai = with_ai && threads_sql_has_ai(s);
    sb_append(&sb, "SELECT kind, id, ts::text AS created_utc, direction, type, content, "
                   "media_url, status, cost, ai_model, tokens, response_ms FROM (");
    struct StrBuf cols;
    sb_init(&cols);
    page_cols(&cols, s, false);
    struct ThreadScan t = {.cols = cols.s,
                           .names = PAGE_COLUMNS,
                           .anchor = anchor,
                           .cond = cond[0] ? cond : NULL,
                           .asc = asc,
                           .n = n};
    thread_messages(&sb, s, q, salon, phone, &ps, &pp, &t);
    sb_free(&cols);
    if (ai) {
        sb_append(&sb, " UNION ALL ");
        page_ai(&sb, s, q, salon, phone, &ps, &pp, cond[0] ? cond : NULL, order, n);
    }
    sb_appendf(&sb, ") x ORDER BY ts %s, id %s LIMIT %d", order, order, n);
    return finish(q, &sb, "thread_page");
}

char *threads_like_escape(const char *text)
{
    struct StrBuf sb;
    sb_init(&sb);
    for (const char *p = text; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            sb_putc(&sb, '\\');
        sb_putc(&sb, *p);
    }
    char *r = sb_steal(&sb);
    sb_free(&sb);
    return r;
}

/* text as a LIKE pattern's literal part, added as a parameter; returns its number. */
static int like_param(struct Query *q, const char *text)
{
    char *esc = threads_like_escape(text);
    int p = sql_param(q, esc);
    free(esc);
    return p;
}

bool threads_sql_find(const struct Schema *s, const char *salon, const char *text, int limit,
                      struct Query *q, char **why)
{
    struct StrBuf sb;
    if (!start(s, q, &sb, why))
        return false;
    int pt = like_param(q, text);
    bool content = schema_can_read(s, "messages", "content");
    sb_append(&sb, "SELECT m.\"salon_id\"::text AS salon_id, m.\"phone_number\" AS phone,"
                   " m.\"id\"::text AS id, m.\"created_at\"::text AS created_utc, ");
    sql_col(&sb, s, "messages", "m", "content", "::text", "content");
    sb_append(&sb, " FROM ");
    sql_table(&sb, s, "messages", "m");
    sb_appendf(&sb, " WHERE (m.\"phone_number\" LIKE $%d || '%%'", pt);
    if (content)
        sb_appendf(&sb, " OR m.\"content\" ILIKE '%%' || $%d || '%%'", pt);
    sb_append(&sb, ")");
    if (salon) {
        sb_append(&sb, " AND ");
        salon_match(&sb, s, "m", sql_param(q, salon));
    }
    sb_appendf(&sb, " ORDER BY m.\"created_at\" DESC, m.\"id\" DESC LIMIT %d", limit);
    return finish(q, &sb, "threads_find");
}

bool threads_sql_search(const struct Schema *s, const char *salon, const char *phone,
                        const char *text, bool older, const char *cursor_utc, const char *cursor_id,
                        struct Query *q, char **why)
{
    if (!schema_can_read(s, "messages", "content")) {
        memset(q, 0, sizeof *q);
        *why = xstrdup("this role cannot read message content");
        return false;
    }
    struct StrBuf sb;
    if (!start(s, q, &sb, why))
        return false;
    int pt = like_param(q, text);
    int pc = sql_param(q, cursor_utc ? cursor_utc : "");
    sql_param(q, cursor_id ? cursor_id : "");
    char cond[64], anchor[32], extra[64];
    snprintf(cond, sizeof cond, "%s ($%d::timestamp, $%d::text)", older ? "<" : ">", pc, pc + 1);
    snprintf(anchor, sizeof anchor, "$%d::timestamp", pc);
    snprintf(extra, sizeof extra, " AND m.\"content\" ILIKE '%%' || $%d || '%%'", pt);
    struct ThreadScan t = {.cols = "m.\"id\"::text AS id, m.\"created_at\" AS ts",
                           .names = "id, ts",
                           .extra = extra,
                           .anchor = anchor,
                           .cond = cond,
                           .asc = !older,
                           .n = 1};
    int ps = 0, pp = 0;
    sb_append(&sb, "SELECT id, ts::text AS created_utc FROM ");
    thread_messages(&sb, s, q, salon, phone, &ps, &pp, &t);
    sb_append(&sb, " x");
    return finish(q, &sb, "thread_search");
}

bool threads_sql_page_after(const struct Schema *s, const char *salon, const char *phone,
                            bool with_ai, const struct DbRows *last, int n, struct Query *q,
                            char **why)
{
    const char *cu = NULL, *id = NULL;
    if (last && last->nrows) {
        id = db_rows_get(last, last->nrows - 1, db_rows_col(last, "id"));
        cu = db_rows_get(last, last->nrows - 1, db_rows_col(last, "created_utc"));
    }
    return threads_sql_page(s, salon, phone, with_ai, last ? PAGE_NEWER : PAGE_OLDEST, cu, id, n, q,
                            why);
}
