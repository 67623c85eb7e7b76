/* The Health tab's SQL, chosen by the server's version (server_version_num) and built from the
 * discovered schema. Every statement is read-only and asks the catalog only for what the tab
 * shows; what the role may not see comes back as NULL or "<insufficient privilege>", never as an
 * error. */
#ifndef SD_HEALTH_SQL_H
#define SD_HEALTH_SQL_H

#include <stdbool.h>
#include <time.h>

#include "src/queries/queries.h"
#include "src/schema.h"

/* The live refresh, one statement: the columns named "s_*" (pg_stat_database counters, settings,
 * uptime, wraparound age) repeat on every row; the others are one session of pg_stat_activity
 * each, with the pids blocking it and the lock it waits for. A LEFT JOIN keeps one row even when
 * no session is visible (pid is then NULL). Heap string. */
char *health_sql_live(int server_version_num);

/* The parts of the slow refresh, each for its own cadence (see health_sql_slow_parts). */
enum HealthSlowPart {
    /* db_size, pgss_schema, failed_messages_1h, bookings_inserted, messages_inserted: the
     * catalog, the (salon_id, created_at) index of messages and the statistics counters. */
    HEALTH_SLOW_RECENT = 1u << 0,
    /* webhook_errors_1h: webhook_logs has no index on created_at, so this reads all of it. */
    HEALTH_SLOW_WEBHOOKS = 1u << 1,
};

/* The slow refresh: since_1h_utc (the cut-off, now - 1 hour, in UTC: $1) and the columns of the
 * parts asked for (an OR of enum HealthSlowPart), for the tables and columns the role may read
 * (a figure it may not read is NULL; a part not asked for has no column at all). The statement
 * is named "health_slow", or "health_webhooks" when only that part is asked for. Fills q. */
void health_sql_slow_parts(const struct Schema *s, time_t now, unsigned parts, struct Query *q);
/* Every part: health_sql_slow_parts(s, now, HEALTH_SLOW_RECENT | HEALTH_SLOW_WEBHOOKS, q). */
void health_sql_slow(const struct Schema *s, time_t now, struct Query *q);

/* Largest tables; indexes with unused/invalid flags (replication: replication_sql.h). From 12 on, a
 * partitioned table (index) is one row with the sums over its partitions (pg_partition_tree) and
 * their number ("parts"; NULL for a relation that is not partitioned), and an index is UNUSED only
 * when none of its partitions was scanned; with parts, each partition follows its table (index),
 * its name indented two spaces per level. Before 12: one row per relation, partitions too. */
char *health_sql_tables(int server_version_num, bool parts);
char *health_sql_indexes(int server_version_num, bool parts);
/* Top statements by total time from pg_stat_statements in schema nsp, with the columns the
 * installed extension has (the slow query finds them): total_col total_exec_time (then
 * mean_exec_time) or total_time (mean_time); info: pg_stat_statements_info exists. */
char *health_sql_statements(const char *nsp, const char *total_col, bool info);

/* EXPLAIN (never ANALYZE) of query text; NULL with *why when the text cannot be explained
 * safely (empty, not a plain statement, several statements, or hidden from the role). */
char *health_sql_explain(const char *query, char **why);

/* pg_cancel_backend($1) / pg_terminate_backend($1), as (present, signalled). guarded: only
 * while the session still runs the query $2 (signalled is NULL when it runs another). */
const char *health_sql_signal(bool terminate, bool guarded);

#endif
