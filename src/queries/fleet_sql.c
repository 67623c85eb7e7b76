#include "config.h"

#include "src/queries/fleet_sql.h"

#include "src/util/str.h"

/* The statistics functions rather than their views (pg_stat_activity, pg_stat_replication,
 * pg_stat_wal_receiver), which join pg_database and pg_authid for columns the strip does not
 * show: planning the views took most of the statement's time. */
char *fleet_sql(int ver)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "WITH x AS (SELECT pg_catalog.pg_is_in_recovery() AS rec,"
                   " pg_catalog.pg_last_wal_receive_lsn() AS head,"
                   " pg_catalog.pg_last_wal_replay_lsn() AS replayed,"
                   " pg_catalog.pg_last_xact_replay_timestamp() AS replayed_at),"
                   " a AS (SELECT count(*) FILTER (WHERE a.backend_type = 'client backend'"
                   " OR (a.backend_type IS NULL AND a.datid IS NOT NULL)) AS connections,"
                   " round(max(extract(epoch FROM now() - a.query_start)) FILTER"
                   " (WHERE a.state = 'active' AND a.backend_type = 'client backend'"
                   " AND a.pid <> pg_catalog.pg_backend_pid())::numeric, 1) AS longest_query_s"
                   " FROM pg_catalog.pg_stat_get_activity(NULL) a)"
                   " SELECT x.rec AS standby,"
                   " pg_catalog.current_setting('max_connections')::int AS max_connections,"
                   " a.connections,"
                   " (SELECT pg_catalog.pg_stat_get_db_xact_commit(d.oid)"
                   " + pg_catalog.pg_stat_get_db_xact_rollback(d.oid)"
                   " FROM pg_catalog.pg_database d"
                   " WHERE d.datname = pg_catalog.current_database()) AS xacts,"
                   " round(extract(epoch FROM pg_catalog.clock_timestamp())::numeric, 3) AS clock,"
                   " a.longest_query_s,"
                   " CASE WHEN x.rec THEN"
                   " greatest(pg_catalog.pg_wal_lsn_diff(x.head, x.replayed), 0)::bigint"
                   " END AS behind_bytes,"
                   /* now() - the last replayed commit grows while the primary is idle: it is a
                    * lag only while something received waits to be replayed. */
                   " CASE WHEN NOT x.rec OR x.head IS NULL THEN NULL WHEN x.replayed >= x.head"
                   " THEN 0 ELSE round(extract(epoch FROM now() - x.replayed_at)::numeric, 1)"
                   " END AS replay_lag_s,"
                   /* Without pg_read_all_stats a role sees the receiver's pid only. */
                   " CASE WHEN x.rec THEN (SELECT coalesce(w.status, 'hidden')"
                   " FROM pg_catalog.pg_stat_get_wal_receiver() w WHERE w.pid IS NOT NULL)"
                   " END AS receiver,");
    sb_append(&sb, ver >= 140000
                       ? " CASE WHEN x.rec THEN pg_catalog.pg_get_wal_replay_pause_state()"
                         " END AS pause,"
                       : " CASE WHEN NOT x.rec THEN NULL"
                         " WHEN pg_catalog.pg_is_wal_replay_paused() THEN 'paused'"
                         " ELSE 'not paused' END AS pause,");
    sb_append(&sb, " r.standbys, r.standby_lag_s FROM x, a,"
                   " LATERAL (SELECT CASE WHEN NOT x.rec THEN count(*) END AS standbys,"
                   " CASE WHEN NOT x.rec THEN round(max(extract(epoch FROM s.replay_lag))"
                   "::numeric, 1) END AS standby_lag_s"
                   " FROM pg_catalog.pg_stat_get_wal_senders() s) r");
    return sb_steal(&sb);
}
