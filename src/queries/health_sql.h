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

/* The slow refresh: database size, whether pg_stat_statements is installed (and its schema), and
 * the platform's own figures for the tables and columns the role may read, counted since
 * now - 1 hour ($1, UTC) and now - 5 minutes ($2, UTC). Fills q. */
void health_sql_slow(const struct Schema *s, time_t now, struct Query *q);

/* Largest tables; indexes with unused/invalid flags (replication: replication_sql.h). From 12 on, a
 * partitioned table (index) is one row with the sums over its partitions (pg_partition_tree) and
 * their number ("parts"; NULL for a relation that is not partitioned), and an index is UNUSED only
 * when none of its partitions was scanned; with parts, each partition follows its table (index),
 * its name indented two spaces per level. Before 12: one row per relation, partitions too. */
char *health_sql_tables(int server_version_num, bool parts);
char *health_sql_indexes(int server_version_num, bool parts);
/* Top statements by total time from pg_stat_statements in schema nsp; the time columns are
 * total_exec_time/mean_exec_time from 13 on, total_time/mean_time before. */
char *health_sql_statements(int server_version_num, const char *nsp);

/* EXPLAIN (never ANALYZE) of query text; NULL with *why when the text cannot be explained
 * safely (empty, not a plain statement, several statements, or hidden from the role). */
char *health_sql_explain(const char *query, char **why);

/* pg_cancel_backend($1) / pg_terminate_backend($1), as (present, signalled). guarded: only
 * while the session still runs the query $2 (signalled is NULL when it runs another). */
const char *health_sql_signal(bool terminate, bool guarded);

#endif
