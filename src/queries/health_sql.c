#include "config.h"

#include "src/queries/health_sql.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/util/str.h"
#include "src/util/xalloc.h"

char *health_sql_live(int ver)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb,
              /* pg_stat_database's own functions on pg_database's row: what the view would
               * give, for half the planning time (0.26 ms instead of 0.46 a refresh). */
              "WITH s AS (SELECT current_setting('max_connections')::int AS s_max_connections,"
              " pg_catalog.pg_stat_get_db_xact_commit(d.oid)"
              " + pg_catalog.pg_stat_get_db_xact_rollback(d.oid) AS s_xacts,"
              " pg_catalog.pg_stat_get_db_blocks_hit(d.oid) AS s_blks_hit,"
              " pg_catalog.pg_stat_get_db_blocks_fetched(d.oid)"
              " - pg_catalog.pg_stat_get_db_blocks_hit(d.oid) AS s_blks_read,"
              " pg_catalog.pg_stat_get_db_tuples_returned(d.oid)"
              " + pg_catalog.pg_stat_get_db_tuples_fetched(d.oid) AS s_tup_read,"
              " pg_catalog.pg_stat_get_db_tuples_inserted(d.oid)"
              " + pg_catalog.pg_stat_get_db_tuples_updated(d.oid)"
              " + pg_catalog.pg_stat_get_db_tuples_deleted(d.oid) AS s_tup_written,"
              " pg_catalog.pg_stat_get_db_temp_bytes(d.oid) AS s_temp_bytes,"
              " pg_catalog.pg_stat_get_db_deadlocks(d.oid) AS s_deadlocks,"
              " floor(extract(epoch FROM now() - pg_catalog.pg_postmaster_start_time()))::bigint"
              " AS s_uptime_s,"
              " (SELECT max(pg_catalog.age(b.datfrozenxid)) FROM pg_catalog.pg_database b)"
              " AS s_frozen_age,"
              " round(extract(epoch FROM clock_timestamp())::numeric, 3) AS s_clock,"
              " pg_catalog.pg_backend_pid() AS s_self"
              " FROM pg_catalog.pg_database d WHERE d.datname = current_database()),"
              " w AS (SELECT DISTINCT ON (l.pid) l.pid, l.mode, l.locktype,"
              " l.relation::pg_catalog.regclass::text AS relation");
    sb_append(&sb, ver >= 140000 ? ", l.waitstart" : ", NULL::timestamptz AS waitstart");
    sb_append(
        &sb,
        " FROM pg_catalog.pg_locks l WHERE NOT l.granted ORDER BY l.pid, l.relation NULLS LAST)"
        " SELECT s.s_max_connections, s.s_xacts, s.s_blks_hit, s.s_blks_read, s.s_tup_read,"
        " s.s_tup_written, s.s_temp_bytes, s.s_deadlocks, s.s_uptime_s, s.s_frozen_age,"
        " s.s_clock, s.s_self,"
        " a.pid, a.datname AS database, a.usename AS \"user\","
        " a.application_name AS application, a.client_addr::text AS client, a.backend_type,"
        " a.state, a.wait_event_type || ':' || a.wait_event AS wait,"
        " round(extract(epoch FROM now() - a.xact_start)::numeric, 1) AS xact_s,"
        " round(extract(epoch FROM now() - a.query_start)::numeric, 1) AS query_s,"
        " pg_catalog.age(a.backend_xmin) AS xmin_age,"
        /* A session hidden from the role may still wait: pg_locks and pg_blocking_pids say. */
        " CASE WHEN a.wait_event_type = 'Lock' OR a.backend_type IS NULL"
        " THEN pg_catalog.pg_blocking_pids(a.pid)::text"
        " END AS blocked_by,"
        " w.mode AS lock_mode, coalesce(w.relation, w.locktype) AS relation,"
        " round(extract(epoch FROM now() - coalesce(w.waitstart, a.state_change))::numeric, 1)"
        " AS wait_s,"
        " a.query"
        " FROM s LEFT JOIN (pg_catalog.pg_stat_activity a"
        "  LEFT JOIN w ON w.pid = a.pid"
        " AND (a.wait_event_type = 'Lock' OR a.backend_type IS NULL))"
        " ON (a.backend_type IN ('client backend', 'autovacuum worker', 'walsender',"
        " 'parallel worker', 'background worker')"
        /* Another role's session without pg_read_all_stats: only pid and user are shown. A
         * background worker (the logical replication launcher) has no database: not a
         * connection. */
        " OR (a.backend_type IS NULL AND a.usesysid IS NOT NULL AND a.datid IS NOT NULL))");
    return sb_steal(&sb);
}

/* Appends ", (SELECT count(*) FROM table WHERE col >= $n [AND cond]) AS out" when the role may
 * read what it needs, else ", NULL AS out". */
static void platform_count(struct StrBuf *sb, const struct Schema *s, const char *table,
                           const char *cond_col, const char *cond, int param, const char *out)
{
    if (!schema_can_read(s, table, "created_at") ||
        (cond_col && !schema_can_read(s, table, cond_col))) {
        sb_appendf(sb, ", NULL::bigint AS %s", out);
        return;
    }
    /* The cut-off is a UTC timestamp; a timestamptz column compares with it in UTC. */
    const struct SchemaColumn *c = schema_column(schema_table(s, table), "created_at");
    bool tz = c && c->type && strstr(c->type, "with time zone");
    sb_append(sb, ", (SELECT count(*) FROM ");
    sql_table(sb, s, table, NULL);
    sb_appendf(sb, " WHERE \"created_at\" >= %s$%d::timestamp%s%s%s) AS %s", tz ? "(" : "", param,
               tz ? " AT TIME ZONE 'UTC')" : "", cond ? " AND " : "", cond ? cond : "", out);
}

void health_sql_slow_parts(const struct Schema *s, time_t now, unsigned parts, struct Query *q)
{
    memset(q, 0, sizeof *q);
    struct StrBuf sb;
    sb_init(&sb);
    /* The cut-off is selected too, so that the parameter is used whatever the role reads. */
    sb_append(&sb, "SELECT $1::timestamp AS since_1h_utc");
    /* "+00": a timestamp column ignores it, a timestamptz column reads it as UTC. */
    char hour[40];
    time_t h = now - 3600;
    struct tm tm;
    strftime(hour, sizeof hour, "%Y-%m-%d %H:%M:%S+00", gmtime_r(&h, &tm));
    sql_param(q, hour);
    if (parts & HEALTH_SLOW_RECENT) {
        /* pg_database_size stats the database's files (one per relation fork and GB): a
         * fraction of a millisecond for the 466 files of the large demo data. */
        sb_append(&sb, ", pg_catalog.pg_database_size(current_database()) AS db_size,"
                       " (SELECT n.nspname FROM pg_catalog.pg_extension e"
                       " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
                       " WHERE e.extname = 'pg_stat_statements') AS pgss_schema,"
                       /* What the installed version of the extension has (an upgraded server
                        * keeps the old one until ALTER EXTENSION ... UPDATE): total_exec_time
                        * from 1.8 on, total_time before; pg_stat_statements_info from 1.9. */
                       " (SELECT min(a.attname::text) FROM pg_catalog.pg_extension e"
                       " JOIN pg_catalog.pg_class c ON c.relnamespace = e.extnamespace"
                       " AND c.relname = 'pg_stat_statements' JOIN pg_catalog.pg_attribute a"
                       " ON a.attrelid = c.oid AND NOT a.attisdropped"
                       " AND a.attname IN ('total_exec_time', 'total_time')"
                       " WHERE e.extname = 'pg_stat_statements') AS pgss_total,"
                       " EXISTS (SELECT FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_class c"
                       " ON c.relnamespace = e.extnamespace AND c.relname ="
                       " 'pg_stat_statements_info' WHERE e.extname = 'pg_stat_statements')"
                       " AS pgss_info");
    }
    /* webhook_logs has no index but its primary key: the count reads the whole table (102 MB,
     * about 60 ms, on the large demo data), which is why it has a part of its own. */
    if (parts & HEALTH_SLOW_WEBHOOKS) {
        bool status = schema_can_read(s, "webhook_logs", "status");
        platform_count(&sb, s, "webhook_logs", "error",
                       status
                           ? "(\"error\" IS NOT NULL OR lower(\"status\") IN ('error', 'failed'))"
                           : "\"error\" IS NOT NULL",
                       1, "webhook_errors_1h");
    }
    if (!(parts & HEALTH_SLOW_RECENT)) {
        q->name = "health_webhooks";
        q->sql = sb_steal(&sb);
        return;
    }
    /* Failed messages: counted salon by salon, so each count is a range of the
     * (salon_id, created_at) index instead of a scan of every message of the last hour. */
    if (schema_can_read(s, "salons", "id") && schema_can_read(s, "messages", "salon_id") &&
        schema_can_read(s, "messages", "status") && schema_can_read(s, "messages", "created_at")) {
        const struct SchemaColumn *c = schema_column(schema_table(s, "messages"), "created_at");
        bool tz = c && c->type && strstr(c->type, "with time zone");
        sb_append(&sb, ", (SELECT coalesce(sum(f.n), 0) FROM ");
        sql_table(&sb, s, "salons", "x");
        sb_append(&sb, ", LATERAL (SELECT count(*) AS n FROM ");
        sql_table(&sb, s, "messages", "m");
        sb_appendf(&sb,
                   " WHERE m.\"salon_id\" = x.\"id\" AND m.\"created_at\" >= %s$1::timestamp%s"
                   " AND m.\"status\"::text = 'FAILED') f) AS failed_messages_1h",
                   tz ? "(" : "", tz ? " AT TIME ZONE 'UTC')" : "");
    } else {
        platform_count(&sb, s, "messages", "status", "\"status\"::text = 'FAILED'", 1,
                       "failed_messages_1h");
    }
    /* Bookings and messages per minute: the server's own insert counters, whose growth between
     * two slow refreshes the model turns into a rate; no table is read. The counters are read
     * with pg_stat_get_tuples_inserted() on the pg_class rows themselves (the view
     * pg_stat_user_tables costs 0.7 ms of planning at each call); a partitioned table counts
     * nothing itself, so from 12 on its partitions are summed. */
    for (int i = 0; i < 2; i++) {
        const char *t = i ? "messages" : "bookings";
        if (s->server_version_num >= 120000)
            sb_appendf(&sb,
                       ", (SELECT sum(pg_catalog.pg_stat_get_tuples_inserted(m.relid))"
                       " FROM pg_catalog.pg_class c"
                       " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                       " CROSS JOIN LATERAL (SELECT c.oid AS relid UNION"
                       " SELECT p.relid FROM pg_catalog.pg_partition_tree(c.oid) p) m"
                       " WHERE n.nspname = current_schema() AND c.relname = '%s'"
                       " AND c.relkind IN ('r', 't', 'm', 'p')) AS %s_inserted",
                       t, t);
        else
            sb_appendf(&sb,
                       ", (SELECT pg_catalog.pg_stat_get_tuples_inserted(c.oid)"
                       " FROM pg_catalog.pg_class c"
                       " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                       " WHERE n.nspname = current_schema() AND c.relname = '%s'"
                       " AND c.relkind IN ('r', 't', 'm')) AS %s_inserted",
                       t, t);
    }
    q->name = "health_slow";
    q->sql = sb_steal(&sb);
}

void health_sql_slow(const struct Schema *s, time_t now, struct Query *q)
{
    health_sql_slow_parts(s, now, HEALTH_SLOW_RECENT | HEALTH_SLOW_WEBHOOKS, q);
}

/* The tables and indexes views before 12 (no pg_partition_tree): one row per relation. */
static char *tables_flat(void)
{
    return xstrdup(
        "SELECT t.schemaname || '.' || t.relname AS \"table\", NULL::bigint AS parts,"
        " pg_catalog.pg_size_pretty(pg_catalog.pg_total_relation_size(t.relid)) AS total,"
        " pg_catalog.pg_size_pretty(pg_catalog.pg_relation_size(t.relid)) AS heap,"
        " pg_catalog.pg_size_pretty(pg_catalog.pg_indexes_size(t.relid)) AS indexes,"
        " pg_catalog.pg_size_pretty(coalesce(pg_catalog.pg_total_relation_size("
        "nullif(c.reltoastrelid, 0)), 0)) AS toast,"
        " t.n_live_tup AS live, t.n_dead_tup AS dead,"
        " round(100.0 * t.n_dead_tup / nullif(t.n_live_tup + t.n_dead_tup, 0), 1) AS dead_pct,"
        " to_char(greatest(t.last_vacuum, t.last_autovacuum) AT TIME ZONE 'UTC',"
        " 'YYYY-MM-DD HH24:MI') AS vacuumed_utc,"
        " to_char(greatest(t.last_analyze, t.last_autoanalyze) AT TIME ZONE 'UTC',"
        " 'YYYY-MM-DD HH24:MI') AS analyzed_utc,"
        " t.seq_scan, t.idx_scan"
        " FROM pg_catalog.pg_stat_user_tables t JOIN pg_catalog.pg_class c ON c.oid = t.relid"
        " ORDER BY pg_catalog.pg_total_relation_size(t.relid) DESC, 1 LIMIT 200");
}

static char *indexes_flat(void)
{
    return xstrdup("SELECT s.schemaname || '.' || s.indexrelname AS index, s.relname AS \"table\","
                   " NULL::bigint AS parts,"
                   " pg_catalog.pg_size_pretty(pg_catalog.pg_relation_size(s.indexrelid)) AS size,"
                   " s.idx_scan AS scans, s.idx_tup_read AS tuples_read,"
                   " concat_ws(' ', CASE WHEN NOT i.indisvalid THEN 'INVALID' END,"
                   " CASE WHEN s.idx_scan = 0 AND NOT i.indisunique AND NOT i.indisprimary"
                   " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k"
                   " WHERE k.conindid = s.indexrelid) THEN 'UNUSED' END) AS flags"
                   " FROM pg_catalog.pg_stat_user_indexes s"
                   " JOIN pg_catalog.pg_index i ON i.indexrelid = s.indexrelid"
                   " ORDER BY pg_catalog.pg_relation_size(s.indexrelid) DESC, 1 LIMIT 200");
}

/* From 12 on, r holds the relations that are not partitions (plain and partitioned tables or
 * their indexes), m every member of each one's partition tree (a plain relation is the only
 * member of its own: pg_partition_tree gives it no row), x each member's own figures. A root's
 * row sums its members; with parts, each leaf partition follows its root (indented by its
 * level), at most PARTS_MAX rows in all. */
#define ROOTS_MAX 200
#define PARTS_MAX 2000
#define USER_NSP                                                                                   \
    " n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'"
#define MEMBERS                                                                                    \
    " m AS (SELECT r.root, coalesce(p.relid, r.root) AS relid, coalesce(p.level, 0) AS level,"     \
    " coalesce(p.isleaf, true) AS isleaf FROM r"                                                   \
    " LEFT JOIN LATERAL pg_catalog.pg_partition_tree(r.root) p ON true),"

char *health_sql_tables(int ver, bool parts)
{
    if (ver < 120000)
        return tables_flat();
    return xasprintf(
        "WITH r AS (SELECT c.oid AS root, n.nspname || '.' || c.relname AS name"
        " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition AND" USER_NSP ")," MEMBERS
        " x AS (SELECT m.root, m.relid, m.level, m.isleaf,"
        " n.nspname || '.' || c.relname AS name,"
        " pg_catalog.pg_total_relation_size(m.relid) AS total,"
        " pg_catalog.pg_relation_size(m.relid) AS heap,"
        " pg_catalog.pg_indexes_size(m.relid) AS idx,"
        " coalesce(pg_catalog.pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0) AS toast,"
        " s.n_live_tup AS live, s.n_dead_tup AS dead,"
        " greatest(s.last_vacuum, s.last_autovacuum) AS vac,"
        " greatest(s.last_analyze, s.last_autoanalyze) AS ana, s.seq_scan, s.idx_scan"
        " FROM m JOIN pg_catalog.pg_class c ON c.oid = m.relid"
        " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        " LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = m.relid),"
        /* A root: the sums; vacuumed and analyzed: its partition done longest ago. */
        " t AS (SELECT x.root, sum(x.total) AS total, sum(x.heap) AS heap, sum(x.idx) AS idx,"
        " sum(x.toast) AS toast, sum(x.live) AS live, sum(x.dead) AS dead, min(x.vac) AS vac,"
        " min(x.ana) AS ana, sum(x.seq_scan) AS seq_scan, sum(x.idx_scan) AS idx_scan,"
        " count(*) FILTER (WHERE x.level > 0 AND x.isleaf) AS parts,"
        " bool_or(x.level > 0) AS partitioned"
        " FROM x GROUP BY x.root ORDER BY 2 DESC LIMIT %d),"
        " l AS (SELECT t.root, t.total AS root_total, NULL::int AS level, r.name,"
        " CASE WHEN t.partitioned OR c.relkind = 'p' THEN t.parts END AS parts,"
        " t.total, t.heap, t.idx, t.toast, t.live, t.dead, t.vac, t.ana, t.seq_scan, t.idx_scan"
        " FROM t JOIN r ON r.root = t.root JOIN pg_catalog.pg_class c ON c.oid = t.root"
        "%s)"
        " SELECT repeat('  ', coalesce(l.level, 0)) || l.name AS \"table\", l.parts,"
        " pg_catalog.pg_size_pretty(l.total) AS total, pg_catalog.pg_size_pretty(l.heap) AS heap,"
        " pg_catalog.pg_size_pretty(l.idx) AS indexes, pg_catalog.pg_size_pretty(l.toast) AS toast,"
        " l.live, l.dead, round(100.0 * l.dead / nullif(l.live + l.dead, 0), 1) AS dead_pct,"
        " to_char(l.vac AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS vacuumed_utc,"
        " to_char(l.ana AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS analyzed_utc,"
        " l.seq_scan, l.idx_scan"
        " FROM l ORDER BY l.root_total DESC, l.root, l.level IS NOT NULL, l.name LIMIT %d",
        ROOTS_MAX,
        parts ? " UNION ALL SELECT x.root, t.total, x.level, x.name, NULL, x.total, x.heap, x.idx,"
                " x.toast, x.live, x.dead, x.vac, x.ana, x.seq_scan, x.idx_scan"
                " FROM x JOIN t ON t.root = x.root WHERE x.level > 0 AND x.isleaf"
              : "",
        PARTS_MAX);
}

char *health_sql_indexes(int ver, bool parts)
{
    if (ver < 120000)
        return indexes_flat();
    return xasprintf(
        "WITH r AS (SELECT i.indexrelid AS root, n.nspname || '.' || ci.relname AS name,"
        " ct.relname AS tbl, i.indisunique OR i.indisprimary OR EXISTS (SELECT 1"
        " FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid) AS keeps"
        " FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ci ON ci.oid = i.indexrelid"
        " JOIN pg_catalog.pg_class ct ON ct.oid = i.indrelid"
        " JOIN pg_catalog.pg_namespace n ON n.oid = ct.relnamespace"
        " WHERE NOT ci.relispartition AND ct.relkind IN ('r', 'p', 'm', 't') AND" USER_NSP
        ")," MEMBERS
        " x AS (SELECT m.root, m.relid, m.level, m.isleaf, n.nspname || '.' || ci.relname AS name,"
        " ct.relname AS tbl, pg_catalog.pg_relation_size(m.relid) AS size, i.indisvalid,"
        " s.idx_scan, s.idx_tup_read"
        " FROM m JOIN pg_catalog.pg_index i ON i.indexrelid = m.relid"
        " JOIN pg_catalog.pg_class ci ON ci.oid = m.relid"
        " JOIN pg_catalog.pg_class ct ON ct.oid = i.indrelid"
        " JOIN pg_catalog.pg_namespace n ON n.oid = ct.relnamespace"
        " LEFT JOIN pg_catalog.pg_stat_user_indexes s ON s.indexrelid = m.relid),"
        /* UNUSED: no scan of the index on any of its partitions. */
        " t AS (SELECT x.root, sum(x.size) AS size, sum(x.idx_scan) AS scans,"
        " sum(x.idx_tup_read) AS tuples_read, bool_and(x.indisvalid) AS valid,"
        " count(*) FILTER (WHERE x.level > 0 AND x.isleaf) AS parts,"
        " bool_or(x.level > 0) AS partitioned"
        " FROM x GROUP BY x.root ORDER BY 2 DESC LIMIT %d),"
        " l AS (SELECT t.root, t.size AS root_size, NULL::int AS level, r.name, r.tbl,"
        " CASE WHEN t.partitioned OR c.relkind = 'I' THEN t.parts END AS parts,"
        " t.size, t.scans, t.tuples_read, concat_ws(' ', CASE WHEN NOT t.valid THEN 'INVALID' END,"
        " CASE WHEN t.scans = 0 AND NOT r.keeps THEN 'UNUSED' END) AS flags"
        " FROM t JOIN r ON r.root = t.root JOIN pg_catalog.pg_class c ON c.oid = t.root"
        "%s)"
        " SELECT repeat('  ', coalesce(l.level, 0)) || l.name AS index, l.tbl AS \"table\","
        " l.parts, pg_catalog.pg_size_pretty(l.size) AS size, l.scans, l.tuples_read, l.flags"
        " FROM l ORDER BY l.root_size DESC, l.root, l.level IS NOT NULL, l.name LIMIT %d",
        ROOTS_MAX,
        /* A partition's own index is never UNUSED: it cannot be dropped alone. */
        parts ? " UNION ALL SELECT x.root, t.size, x.level, x.name, x.tbl, NULL, x.size,"
                " x.idx_scan, x.idx_tup_read, concat_ws(' ', CASE WHEN NOT x.indisvalid THEN "
                "'INVALID' END)"
                " FROM x JOIN t ON t.root = x.root WHERE x.level > 0 AND x.isleaf"
              : "",
        PARTS_MAX);
}

char *health_sql_statements(const char *nsp, const char *total_col, bool info)
{
    /* total_exec_time goes with mean_exec_time, total_time with mean_time */
    const char *suffix = strncmp(total_col, "total", 5) == 0 ? total_col + 5 : "_exec_time";
    char *mean_col = xasprintf("mean%s", suffix);
    char *total = sql_ident(total_col), *mean = sql_ident(mean_col);
    free(mean_col);
    char *n = sql_ident(nsp ? nsp : "public");
    /* Since when the figures count, where the extension says (pg_stat_statements_info). */
    char *since = info ? xasprintf("(SELECT to_char(i.stats_reset AT TIME ZONE 'UTC',"
                                   " 'YYYY-MM-DD HH24:MI:SS') FROM %s."
                                   "pg_stat_statements_info i)",
                                   n)
                       : xstrdup("NULL::text");
    char *sql = xasprintf(
        "SELECT p.queryid::text AS queryid, p.calls, round(p.%s::numeric, 1) AS total_ms,"
        " round(p.%s::numeric, 2) AS mean_ms, p.rows,"
        " round((100 * p.%s / nullif(sum(p.%s) OVER (), 0))::numeric, 1) AS share_pct,"
        " r.rolname AS \"user\", %s AS since_utc, p.query"
        " FROM %s.pg_stat_statements p LEFT JOIN pg_catalog.pg_roles r ON r.oid = p.userid"
        " WHERE p.dbid = (SELECT oid FROM pg_catalog.pg_database"
        " WHERE datname = current_database())"
        " ORDER BY p.%s DESC LIMIT 100",
        total, mean, total, total, since, n, total);
    free(since);
    free(n);
    free(total);
    free(mean);
    return sql;
}

/* Skips white space and SQL comments. */
static const char *skip_space(const char *p)
{
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (p[0] == '-' && p[1] == '-') {
            p += strcspn(p, "\n");
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
        } else {
            return p;
        }
    }
}

char *health_sql_explain(const char *query, char **why)
{
    static const char *const kinds[] = {"select", "insert", "update", "delete",
                                        "with",   "values", "table",  "merge"};
    *why = NULL;
    if (!query || strcmp(query, "<insufficient privilege>") == 0) {
        *why = xstrdup("the query text is hidden from this role (needs pg_read_all_stats)");
        return NULL;
    }
    const char *p = skip_space(query);
    size_t wl = 0;
    while (isalpha((unsigned char)p[wl]))
        wl++;
    bool ok = false;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (wl == strlen(kinds[i]) && strncasecmp(p, kinds[i], wl) == 0)
            ok = true;
    if (!ok) {
        *why = xstrdup(wl ? "only SELECT, INSERT, UPDATE, DELETE, MERGE, WITH, VALUES and TABLE"
                            " statements can be explained"
                          : "no query to explain");
        return NULL;
    }
    /* Trailing semicolons and space go; anything else is the server's to judge (a second
     * statement is refused by the extended protocol). ANALYZE is never among the options. */
    size_t n = strlen(p);
    while (n > 0 && (isspace((unsigned char)p[n - 1]) || p[n - 1] == ';'))
        n--;
    return xasprintf("EXPLAIN (ANALYZE false, COSTS true, FORMAT TEXT) %.*s", (int)n, p);
}

const char *health_sql_signal(bool terminate, bool guarded)
{
    /* A pid is reused, and behind a pooler it serves another client once the query shown is
     * done: with the query that was confirmed as $2, the signal goes only to a session still
     * running that text (pg_stat_activity is read once per transaction, so the check and the
     * signal see the same row). */
    if (!guarded)
        return terminate ? "SELECT true AS present, pg_catalog.pg_terminate_backend($1::int)"
                         : "SELECT true AS present, pg_catalog.pg_cancel_backend($1::int)";
    return terminate ? "SELECT a.pid IS NOT NULL AS present, CASE WHEN a.query = $2"
                       " THEN pg_catalog.pg_terminate_backend(a.pid) END"
                       " FROM (SELECT $1::int AS pid) p"
                       " LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid"
                     : "SELECT a.pid IS NOT NULL AS present, CASE WHEN a.query = $2"
                       " THEN pg_catalog.pg_cancel_backend(a.pid) END"
                       " FROM (SELECT $1::int AS pid) p"
                       " LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = p.pid";
}
