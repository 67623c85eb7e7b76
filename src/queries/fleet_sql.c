#include "config.h"

#include "src/queries/fleet_sql.h"

#include "src/util/str.h"

char *fleet_sql(int ver)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "WITH x AS (SELECT pg_catalog.pg_is_in_recovery() AS rec,"
                   " pg_catalog.pg_last_wal_receive_lsn() AS head,"
                   " pg_catalog.pg_last_wal_replay_lsn() AS replayed,"
                   " pg_catalog.pg_last_xact_replay_timestamp() AS replayed_at)"
                   " SELECT x.rec AS standby,"
                   " pg_catalog.current_setting('max_connections')::int AS max_connections,"
                   " (SELECT count(*) FROM pg_catalog.pg_stat_activity a"
                   " WHERE a.backend_type = 'client backend'"
                   " OR (a.backend_type IS NULL AND a.datid IS NOT NULL)) AS connections,"
                   " (SELECT pg_catalog.pg_stat_get_db_xact_commit(d.oid)"
                   " + pg_catalog.pg_stat_get_db_xact_rollback(d.oid)"
                   " FROM pg_catalog.pg_database d WHERE d.datname = current_database()) AS xacts,"
                   " round(extract(epoch FROM clock_timestamp())::numeric, 3) AS clock,"
                   " (SELECT round(max(extract(epoch FROM now() - a.query_start))::numeric, 1)"
                   " FROM pg_catalog.pg_stat_activity a WHERE a.state = 'active'"
                   " AND a.backend_type = 'client backend'"
                   " AND a.pid <> pg_catalog.pg_backend_pid()) AS longest_query_s,"
                   " CASE WHEN x.rec THEN"
                   " greatest(pg_catalog.pg_wal_lsn_diff(x.head, x.replayed), 0)::bigint"
                   " END AS behind_bytes,"
                   /* now() - the last replayed commit grows while the primary is idle: it is a
                    * lag only while something received waits to be replayed. */
                   " CASE WHEN NOT x.rec OR x.head IS NULL THEN NULL WHEN x.replayed >= x.head"
                   " THEN 0 ELSE round(extract(epoch FROM now() - x.replayed_at)::numeric, 1)"
                   " END AS replay_lag_s,"
                   " CASE WHEN x.rec THEN (SELECT coalesce(w.status, 'hidden')"
                   " FROM pg_catalog.pg_stat_wal_receiver w LIMIT 1) END AS receiver,");
    sb_append(&sb, ver >= 140000
                       ? " CASE WHEN x.rec THEN pg_catalog.pg_get_wal_replay_pause_state()"
                         " END AS pause,"
                       : " CASE WHEN NOT x.rec THEN NULL"
                         " WHEN pg_catalog.pg_is_wal_replay_paused() THEN 'paused'"
                         " ELSE 'not paused' END AS pause,");
    sb_append(&sb, " CASE WHEN NOT x.rec THEN (SELECT count(*)"
                   " FROM pg_catalog.pg_stat_replication) END AS standbys,"
                   " CASE WHEN NOT x.rec THEN (SELECT round(max(extract(epoch FROM r.replay_lag))"
                   "::numeric, 1) FROM pg_catalog.pg_stat_replication r) END AS standby_lag_s"
                   " FROM x");
    return sb_steal(&sb);
}
