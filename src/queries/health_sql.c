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
    char *t = sql_ident(table);
    char *n = s->schema ? sql_ident(s->schema) : NULL;
    /* The cut-off is a UTC timestamp; a timestamptz column compares with it in UTC. */
    const struct SchemaColumn *c = schema_column(schema_table(s, table), "created_at");
    bool tz = c && c->type && strstr(c->type, "with time zone");
    sb_appendf(sb,
               ", (SELECT count(*) FROM %s%s%s WHERE \"created_at\" >= %s$%d::timestamp%s%s%s)"
               " AS %s",
               n ? n : "", n ? "." : "", t, tz ? "(" : "", param, tz ? " AT TIME ZONE 'UTC')" : "",
               cond ? " AND " : "", cond ? cond : "", out);
    free(t);
    free(n);
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
    q->params[0] = xstrdup(hour);
    q->nparams = 1;
    if (parts & HEALTH_SLOW_RECENT) {
        /* pg_database_size stats the database's files (one per relation fork and GB): a
         * fraction of a millisecond for the 466 files of the large demo data. */
        sb_append(&sb, ", pg_catalog.pg_database_size(current_database()) AS db_size,"
                       " (SELECT n.nspname FROM pg_catalog.pg_extension e"
                       " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
                       " WHERE e.extname = 'pg_stat_statements') AS pgss_schema");
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
        char *n = s->schema ? sql_ident(s->schema) : NULL;
        const struct SchemaColumn *c = schema_column(schema_table(s, "messages"), "created_at");
        bool tz = c && c->type && strstr(c->type, "with time zone");
        sb_appendf(&sb,
                   ", (SELECT coalesce(sum(f.n), 0) FROM %s%s\"salons\" x, LATERAL (SELECT"
                   " count(*) AS n FROM %s%s\"messages\" m WHERE m.\"salon_id\" = x.\"id\""
                   " AND m.\"created_at\" >= %s$1::timestamp%s"
                   " AND m.\"status\"::text = 'FAILED') f) AS failed_messages_1h",
                   n ? n : "", n ? "." : "", n ? n : "", n ? "." : "", tz ? "(" : "",
                   tz ? " AT TIME ZONE 'UTC')" : "");
        free(n);
    } else {
        platform_count(&sb, s, "messages", "status", "\"status\"::text = 'FAILED'", 1,
                       "failed_messages_1h");
    }
    /* Bookings and messages per minute: the server's own insert counters, whose growth between
     * two slow refreshes the model turns into a rate; no table is read. pg_stat_user_tables'
     * n_tup_ins, called on the pg_class row itself: the view costs 0.7 ms of planning at each call.
     */
#define INSERTED(rel)                                                                              \
    "(SELECT pg_catalog.pg_stat_get_tuples_inserted(c.oid) FROM pg_catalog.pg_class c"             \
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"                                    \
    " WHERE n.nspname = current_schema() AND c.relname = '" rel "'"                                \
    " AND c.relkind IN ('r', 't', 'm', 'p'))"
    sb_append(&sb, ", " INSERTED("bookings") " AS bookings_inserted");
    sb_append(&sb, ", " INSERTED("messages") " AS messages_inserted");
#undef INSERTED
    q->name = "health_slow";
    q->sql = sb_steal(&sb);
}

void health_sql_slow(const struct Schema *s, time_t now, struct Query *q)
{
    health_sql_slow_parts(s, now, HEALTH_SLOW_RECENT | HEALTH_SLOW_WEBHOOKS, q);
}

char *health_sql_tables(void)
{
    return xstrdup(
        "SELECT t.schemaname || '.' || t.relname AS \"table\","
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

char *health_sql_indexes(void)
{
    return xstrdup("SELECT s.schemaname || '.' || s.indexrelname AS index, s.relname AS \"table\","
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

char *health_sql_replication(int ver)
{
    (void)ver; /* every column used here exists from 12 on */
    return xstrdup(
        "SELECT 'standby' AS kind, coalesce(r.application_name, r.client_addr::text) AS name,"
        " r.state, 'write ' || coalesce(r.write_lag::text, '-') || ', flush '"
        " || coalesce(r.flush_lag::text, '-') || ', replay ' || coalesce(r.replay_lag::text, '-')"
        " AS detail, round(extract(epoch FROM r.replay_lag)::numeric, 1) AS lag_s"
        " FROM pg_catalog.pg_stat_replication r"
        " UNION ALL SELECT 'slot', s.slot_name, CASE WHEN s.active THEN 'active' ELSE 'inactive'"
        " END, 'retains ' || pg_catalog.pg_size_pretty(pg_catalog.pg_wal_lsn_diff("
        " CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_receive_lsn()"
        " ELSE pg_catalog.pg_current_wal_lsn() END, s.restart_lsn)) || ' of WAL', NULL"
        " FROM pg_catalog.pg_replication_slots s"
        " UNION ALL SELECT 'replay delay', 'this standby', 'recovering',"
        " coalesce((now() - pg_catalog.pg_last_xact_replay_timestamp())::text, 'no replay yet'),"
        " round(extract(epoch FROM now() - pg_catalog.pg_last_xact_replay_timestamp())"
        "::numeric, 1) WHERE pg_catalog.pg_is_in_recovery()"
        " UNION ALL SELECT 'vacuum', v.pid::text || ' ' || coalesce(v.relid::pg_catalog.regclass"
        "::text, ''), v.phase, v.heap_blks_scanned || ' of ' || v.heap_blks_total"
        " || ' blocks scanned', NULL FROM pg_catalog.pg_stat_progress_vacuum v"
        " UNION ALL SELECT 'create index', p.pid::text || ' ' || coalesce(p.index_relid::"
        "pg_catalog.regclass::text, p.relid::pg_catalog.regclass::text), p.phase,"
        " p.blocks_done || ' of ' || p.blocks_total || ' blocks', NULL"
        " FROM pg_catalog.pg_stat_progress_create_index p");
}

char *health_sql_statements(int ver, const char *nsp)
{
    const char *total = ver >= 130000 ? "total_exec_time" : "total_time";
    const char *mean = ver >= 130000 ? "mean_exec_time" : "mean_time";
    char *n = sql_ident(nsp ? nsp : "public");
    /* Since when the figures count: pg_stat_statements_info exists from 14 on. */
    char *since = ver >= 140000 ? xasprintf("(SELECT to_char(i.stats_reset AT TIME ZONE 'UTC',"
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
