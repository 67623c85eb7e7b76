#include "config.h"

#include "src/queries/bookings_sql.h"

#include <stdlib.h>
#include <string.h>

#include "src/util/fold.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

char *bookings_sql_noaccess(const struct Schema *s)
{
    static const char *const need[] = {"id", "salon_id", "start_ts"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        if (!schema_can_read(s, "bookings", need[i])) {
            char *why = schema_no_access(s, "bookings", "the bookings calendar");
            char *out = schema_table(s, "bookings") && !schema_rls_scoped(s)
                            ? xasprintf("%s\nor, for one salon's staff, see sql/roles.sql "
                                        "(salondesk_add_staff).",
                                        why)
                            : xstrdup(why);
            free(why);
            return out;
        }
    }
    return NULL;
}

/* The select list and joins shared by the period and search queries. */
static void select_list(struct StrBuf *sb, const struct Schema *s)
{
    bool salons = schema_can_read(s, "salons", "id") && schema_can_read(s, "salons", "name");
    bool masters = schema_can_read(s, "bookings", "master_id") &&
                   schema_can_read(s, "masters", "id") && schema_can_read(s, "masters", "name");
    bool services =
        schema_can_read(s, "bookings", "service_id") && schema_can_read(s, "services", "id");
    sb_append(sb, "SELECT b.\"id\"::text AS id, b.\"salon_id\"::text AS salon_id, ");
    if (salons)
        sb_append(sb, "sa.\"name\" AS salon, ");
    else
        sb_append(sb, "NULL::text AS salon, ");
    sb_append(sb, "b.\"start_ts\"::timestamp(0)::text AS start_utc, ");
    sql_col(sb, s, "bookings", "b", "end_ts", "::timestamp(0)::text", "end_utc");
    sb_append(sb, ", ");
    if (services && schema_can_read(s, "services", "duration_min"))
        sb_append(sb, "sv.\"duration_min\"::text AS duration_min, ");
    else
        sb_append(sb, "NULL::text AS duration_min, ");
    sql_col(sb, s, "bookings", "b", "booking_code", "::text", "code");
    sb_append(sb, ", ");
    sql_col(sb, s, "bookings", "b", "customer_name", "::text", "customer");
    sb_append(sb, ", ");
    sql_col(sb, s, "bookings", "b", "customer_phone", "::text", "phone");
    sb_append(sb, ", ");
    if (services && schema_can_read(s, "services", "name") &&
        schema_can_read(s, "bookings", "service"))
        sb_append(sb, "coalesce(sv.\"name\", b.\"service\") AS service, ");
    else if (services && schema_can_read(s, "services", "name"))
        sb_append(sb, "sv.\"name\" AS service, ");
    else
        sql_col(sb, s, "bookings", "b", "service", "::text", "service"), sb_append(sb, ", ");
    sql_col(sb, s, "bookings", "b", "master_id", "::text", "master_id");
    sb_append(sb, ", ");
    sb_append(sb, masters ? "m.\"name\" AS master, " : "NULL::text AS master, ");
    sql_col(sb, s, "bookings", "b", "status", "::text", "status");
    sb_append(sb, " FROM ");
    sql_table(sb, s, "bookings", "b");
    if (salons) {
        sb_append(sb, " LEFT JOIN ");
        sql_table(sb, s, "salons", "sa");
        sb_append(sb, " ON sa.\"id\" = b.\"salon_id\"");
    }
    if (masters) {
        sb_append(sb, " LEFT JOIN ");
        sql_table(sb, s, "masters", "m");
        sb_append(sb, " ON m.\"id\" = b.\"master_id\"");
    }
    if (services) {
        sb_append(sb, " LEFT JOIN ");
        sql_table(sb, s, "services", "sv");
        sb_append(sb, " ON sv.\"id\" = b.\"service_id\"");
    }
}

bool bookings_sql_period(const struct Schema *s, const char *salon_id, const char *from_utc,
                         const char *to_utc, struct Query *q)
{
    memset(q, 0, sizeof *q);
    struct StrBuf sb;
    sb_init(&sb);
    select_list(&sb, s);
    int a = sql_param(q, from_utc), b = sql_param(q, to_utc);
    /* Also the day before, for a booking that runs past midnight into the period: still one
     * range of the (salon_id, start_ts) index, one day longer. Its end is end_ts, else start
     * plus the service's minutes, else one slot, as the model reckons it. */
    sb_appendf(&sb,
               " WHERE b.\"start_ts\" >= $%d::timestamp - interval '1 day'"
               " AND b.\"start_ts\" < $%d::timestamp AND (b.\"start_ts\" >= $%d::timestamp OR "
               "coalesce(",
               a, b, a);
    if (schema_can_read(s, "bookings", "end_ts"))
        sb_append(&sb, "b.\"end_ts\", ");
    if (schema_can_read(s, "bookings", "service_id") && schema_can_read(s, "services", "id") &&
        schema_can_read(s, "services", "duration_min"))
        sb_append(&sb, "b.\"start_ts\" + make_interval(mins => sv.\"duration_min\"), ");
    sb_appendf(&sb, "b.\"start_ts\" + interval '%d minutes') > $%d::timestamp)",
               bookings_slot_minutes(s), a);
    if (salon_id)
        sb_appendf(&sb, " AND b.\"salon_id\" = $%d", sql_param(q, salon_id));
    sb_append(&sb, " ORDER BY b.\"start_ts\", b.\"id\" LIMIT 20000");
    q->name = salon_id ? "bookings_period" : "bookings_period_all";
    q->sql = sb_steal(&sb);
    return true;
}

/* The next code point of s into *cp (an invalid byte as itself); returns its length. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
    int n = s[0] < 0x80             ? 1
            : (s[0] & 0xE0) == 0xC0 ? 2
            : (s[0] & 0xF0) == 0xE0 ? 3
            : (s[0] & 0xF8) == 0xF0 ? 4
                                    : 0;
    uint32_t v = n == 1 ? s[0] : n == 2 ? s[0] & 0x1Fu : n == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            n = 0;
            break;
        }
        v = v << 6 | (s[i] & 0x3Fu);
    }
    *cp = n ? v : s[0];
    return n ? (size_t)n : 1;
}

static void regex_char(struct StrBuf *sb, uint32_t cp)
{
    if (cp > 0xFFFF)
        sb_appendf(sb, "\\U%08X", (unsigned)cp);
    else
        sb_appendf(sb, "\\u%04X", (unsigned)cp);
}

char *bookings_fold_regex(const char *text)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "");
    int count = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && count < 200; count++) {
        uint32_t cp;
        p += utf8_next(p, &cp);
        uint32_t f = fold_char(cp);
        sb_putc(&sb, '[');
        regex_char(&sb, f);
        /* Every letter that folds to f: the tables of fold.c end below U+3000, and fullwidth
         * Latin at U+FF5A. */
        for (uint32_t c = 1; c < 0xFF60; c = c == 0x2FFF ? 0xFF00 : c + 1)
            if (c != f && fold_char(c) == f)
                regex_char(&sb, c);
        sb_putc(&sb, ']');
    }
    return sb_steal(&sb);
}

bool bookings_sql_search(const struct Schema *s, const char *salon_id, const char *text,
                         const char *now_utc, struct Query *q)
{
    memset(q, 0, sizeof *q);
    struct StrBuf sb;
    sb_init(&sb);
    select_list(&sb, s);
    /* The patterns are parameters. ILIKE's (its own wildcards escaped) folds case as the
     * server's locale does; the regular expression, of \u escapes only, folds it as fold.c
     * and the / filters do, under any locale. A phone is also matched without the "+" of its
     * international form. */
    struct StrBuf like;
    sb_init(&like);
    sb_putc(&like, '%');
    for (const char *c = text; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            sb_putc(&like, '\\');
        sb_putc(&like, *c);
    }
    sb_putc(&like, '%');
    int pl = sql_param(q, like.s);
    sb_free(&like);
    char *pat = bookings_fold_regex(text);
    int p = sql_param(q, pat);
    free(pat);
    pat = bookings_fold_regex(text[0] == '+' ? text + 1 : text);
    int pp = sql_param(q, pat);
    free(pat);
    sb_append(&sb, " WHERE (false");
    static const char *const cols[] = {"booking_code", "customer_name", "customer_phone"};
    for (int i = 0; i < 3; i++)
        if (schema_can_read(s, "bookings", cols[i]))
            sb_appendf(&sb, " OR b.\"%s\"::text ILIKE $%d OR b.\"%s\"::text ~ $%d", cols[i], pl,
                       cols[i], i == 2 ? pp : p);
    sb_append(&sb, ")");
    if (salon_id)
        sb_appendf(&sb, " AND b.\"salon_id\" = $%d", sql_param(q, salon_id));
    sb_appendf(&sb,
               " ORDER BY abs(extract(epoch FROM b.\"start_ts\" - $%d::timestamp)), b.\"id\""
               " LIMIT 50",
               sql_param(q, now_utc));
    q->name = "bookings_search";
    q->sql = sb_steal(&sb);
    return true;
}

bool bookings_sql_detail(const struct Schema *s, const char *id, struct Query *q)
{
    memset(q, 0, sizeof *q);
    const struct SchemaTable *t = schema_table(s, "bookings");
    if (!t)
        return false;
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT x.col AS \"column\", x.type AS type, x.val AS value FROM ");
    sql_table(&sb, s, "bookings", "b");
    sb_append(&sb, " CROSS JOIN LATERAL (VALUES ");
    int n = 0;
    for (int i = 0; i < t->ncols; i++) {
        const struct SchemaColumn *c = &t->cols[i];
        if (!schema_can_read(s, "bookings", c->name))
            continue;
        char *qi = sql_ident(c->name);
        const char *ty = c->type ? c->type : "";
        struct StrBuf lit; /* the column name as a literal: quotes doubled */
        sb_init(&lit);
        for (const char *p = c->name; *p; p++) {
            if (*p == '\'')
                sb_putc(&lit, '\'');
            sb_putc(&lit, *p);
        }
        sb_appendf(&sb, "%s(%d, '%s', '%s', ", n ? ", " : "", n, lit.s,
                   str_starts(ty, "timestamp") ? "timestamp" : "text");
        if (strcmp(ty, "jsonb") == 0 || strcmp(ty, "json") == 0)
            sb_appendf(&sb, "jsonb_pretty(b.%s::jsonb))", qi);
        else if (str_starts(ty, "timestamp"))
            sb_appendf(&sb, "b.%s::timestamp(0)::text)", qi);
        else
            sb_appendf(&sb, "b.%s::text)", qi);
        sb_free(&lit);
        free(qi);
        n++;
    }
    if (n == 0) {
        sb_free(&sb);
        return false;
    }
    sb_appendf(&sb, ") x(n, col, type, val) WHERE b.\"id\" = $%d ORDER BY x.n", sql_param(q, id));
    q->name = "booking_detail";
    q->sql = sb_steal(&sb);
    return true;
}

bool bookings_sql_customer(const struct Schema *s, const char *salon_id, const char *phone,
                           struct Query *q)
{
    memset(q, 0, sizeof *q);
    if (!schema_can_read(s, "bookings", "customer_phone"))
        return false;
    struct StrBuf sb;
    sb_init(&sb);
    select_list(&sb, s);
    sb_appendf(&sb, " WHERE b.\"customer_phone\" = $%d", sql_param(q, phone));
    if (salon_id)
        sb_appendf(&sb, " AND b.\"salon_id\" = $%d", sql_param(q, salon_id));
    sb_append(&sb, " ORDER BY b.\"start_ts\" DESC, b.\"id\" LIMIT 50");
    q->name = "bookings_customer";
    q->sql = sb_steal(&sb);
    return true;
}

bool bookings_sql_salon(const struct Schema *s, const char *id_or_name, struct Query *q)
{
    memset(q, 0, sizeof *q);
    if (!schema_can_read(s, "salons", "id") || !schema_can_read(s, "salons", "name"))
        return false;
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT sa.\"id\"::text AS id, sa.\"name\" AS name, ");
    /* The salon's working hours and slot length where the deployment records them. */
    static const char *const hours[][2] = {{"working_hours_start", "working_hours_end"},
                                           {"opening_time", "closing_time"},
                                           {"opens_at", "closes_at"},
                                           {"open_time", "close_time"}};
    size_t h = 0;
    while (h < sizeof hours / sizeof hours[0] && !(schema_can_read(s, "salons", hours[h][0]) &&
                                                   schema_can_read(s, "salons", hours[h][1])))
        h++;
    if (h < sizeof hours / sizeof hours[0]) {
        sql_col(&sb, s, "salons", "sa", hours[h][0], "::text", "work_start");
        sb_append(&sb, ", ");
        sql_col(&sb, s, "salons", "sa", hours[h][1], "::text", "work_end");
    } else {
        sb_append(&sb, "NULL::text AS work_start, NULL::text AS work_end");
    }
    sb_append(&sb, ", ");
    sql_col(&sb, s, "salons", "sa", "slot_duration_minutes", "::text", "slot_min");
    sb_append(&sb, " FROM ");
    sql_table(&sb, s, "salons", "sa");
    int p = sql_param(q, id_or_name);
    sb_appendf(&sb,
               " WHERE sa.\"id\"::text = $%d OR lower(sa.\"name\") = lower($%d)"
               " ORDER BY sa.\"id\"::text = $%d DESC, sa.\"id\" LIMIT 2",
               p, p, p);
    q->name = "bookings_salon";
    q->sql = sb_steal(&sb);
    return true;
}

bool bookings_sql_masters(const struct Schema *s, const char *salon_id, struct Query *q)
{
    memset(q, 0, sizeof *q);
    if (!salon_id || !schema_can_read(s, "masters", "id") ||
        !schema_can_read(s, "masters", "name") || !schema_can_read(s, "masters", "salon_id"))
        return false;
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "SELECT m.\"id\"::text AS id, m.\"name\" AS name FROM ");
    sql_table(&sb, s, "masters", "m");
    sb_appendf(&sb, " WHERE m.\"salon_id\" = $%d", sql_param(q, salon_id));
    if (schema_can_read(s, "masters", "is_active"))
        sb_append(&sb, " AND m.\"is_active\"");
    sb_append(&sb, " ORDER BY m.\"name\", m.\"id\"");
    q->name = "bookings_masters";
    q->sql = sb_steal(&sb);
    return true;
}

int bookings_slot_minutes(const struct Schema *s)
{
    (void)s;
    return 30;
}
