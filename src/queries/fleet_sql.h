/* The fleet strip's statement: one small read-only statement per server and refresh, for the
 * server's version (server_version_num, 12 and later). */
#ifndef SD_FLEET_SQL_H
#define SD_FLEET_SQL_H

/* One row: standby (bool), max_connections, connections (client backends), xacts (commits and
 * rollbacks of the current database), clock (server epoch seconds), longest_query_s (the oldest
 * active query of another session, NULL when none); on a standby: behind_bytes (received and not
 * replayed), replay_lag_s (0 when replay has caught up with what was received, as the
 * Replication view computes it), receiver (the WAL receiver's status, "hidden" when the role may
 * not see it, NULL when there is none), pause (the replay's pause state); on a primary: standbys
 * (rows of pg_stat_replication) and standby_lag_s (their worst replay lag, NULL when none is
 * known). Heap string. */
char *fleet_sql(int server_version_num);

#endif
