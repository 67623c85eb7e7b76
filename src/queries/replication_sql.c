#include "config.h"

#include "src/queries/replication_sql.h"

#include "src/util/str.h"

char *replication_sql(int ver)
{
    struct StrBuf sb;
    sb_init(&sb);
    /* head: this server's WAL position (on a standby, what it has received). */
    sb_append(&sb, "WITH x AS (SELECT pg_catalog.pg_is_in_recovery() AS rec,"
                   " CASE WHEN pg_catalog.pg_is_in_recovery()"
                   " THEN pg_catalog.pg_last_wal_receive_lsn()"
                   " ELSE pg_catalog.pg_current_wal_lsn() END AS head,"
                   " pg_catalog.pg_last_wal_replay_lsn() AS replayed,"
                   " pg_catalog.pg_last_xact_replay_timestamp() AS replayed_at)"
                   " SELECT 'server'::text AS kind,"
                   " CASE WHEN x.rec THEN 'standby' ELSE 'primary' END AS name,"
                   " NULL::text AS client, NULL::int AS pid,");
    /* The pause state: pg_get_wal_replay_pause_state() from 14 on. */
    sb_append(&sb, ver >= 140000
                       ? " CASE WHEN x.rec THEN pg_catalog.pg_get_wal_replay_pause_state()"
                         " END AS state,"
                       : " CASE WHEN NOT x.rec THEN NULL"
                         " WHEN pg_catalog.pg_is_wal_replay_paused() THEN 'paused'"
                         " ELSE 'not paused' END AS state,");
    sb_append(
        &sb,
        " NULL::text AS sync, NULL::bigint AS sent_bytes, NULL::bigint AS write_bytes,"
        " NULL::bigint AS flush_bytes,"
        " CASE WHEN x.rec THEN greatest(pg_catalog.pg_wal_lsn_diff(x.head, x.replayed), 0)::bigint"
        " END AS replay_bytes,"
        " NULL::numeric AS write_lag_s, NULL::numeric AS flush_lag_s,"
        /* now() - pg_last_xact_replay_timestamp() grows while the primary is idle: it is a lag
         * only while something received waits to be replayed. */
        " CASE WHEN NOT x.rec OR x.head IS NULL THEN NULL WHEN x.replayed >= x.head THEN 0"
        " ELSE round(extract(epoch FROM now() - x.replayed_at)::numeric, 1) END AS replay_lag_s,"
        " NULL::bigint AS retained_bytes, NULL::numeric AS last_msg_s,"
        " CASE WHEN x.rec THEN 'received up to ' || coalesce(x.head::text, 'nothing yet')"
        " || ', replayed up to ' || coalesce(x.replayed::text, 'nothing yet') END AS detail"
        " FROM x"
        " UNION ALL SELECT 'wal receiver',");
    /* sender_host and sender_port exist from 11 on; flushed_lsn is received_lsn before 13. */
    sb_append(&sb, " w.sender_host || ':' || w.sender_port, NULL, w.pid, w.status, NULL, NULL,"
                   " NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                   " round(extract(epoch FROM now() - w.last_msg_receipt_time)::numeric, 1),");
    sb_append(&sb, ver >= 130000 ? " 'flushed up to ' || w.flushed_lsn::text"
                                 : " 'received up to ' || w.received_lsn::text");
    sb_append(
        &sb, " || coalesce(', slot ' || w.slot_name, '')"
             " FROM pg_catalog.pg_stat_wal_receiver w"
             " UNION ALL SELECT 'standby', r.application_name, r.client_addr::text, r.pid, r.state,"
             " r.sync_state, pg_catalog.pg_wal_lsn_diff(x.head, r.sent_lsn)::bigint,"
             " pg_catalog.pg_wal_lsn_diff(x.head, r.write_lsn)::bigint,"
             " pg_catalog.pg_wal_lsn_diff(x.head, r.flush_lsn)::bigint,"
             " pg_catalog.pg_wal_lsn_diff(x.head, r.replay_lsn)::bigint,"
             " round(extract(epoch FROM r.write_lag)::numeric, 1),"
             " round(extract(epoch FROM r.flush_lag)::numeric, 1),"
             " round(extract(epoch FROM r.replay_lag)::numeric, 1), NULL,"
             " round(extract(epoch FROM now() - r.reply_time)::numeric, 1), NULL"
             " FROM pg_catalog.pg_stat_replication r, x"
             " UNION ALL SELECT 'slot', s.slot_name, NULL, s.active_pid,"
             " CASE WHEN s.active THEN 'active' ELSE 'inactive' END, NULL, NULL, NULL, NULL, NULL,"
             " NULL, NULL, NULL,"
             " greatest(pg_catalog.pg_wal_lsn_diff(coalesce(x.head, x.replayed), s.restart_lsn), 0)"
             "::bigint, NULL, s.slot_type");
    /* wal_status (reserved, extended, unreserved, lost) exists from 13 on. */
    if (ver >= 130000)
        sb_append(&sb, " || coalesce(', WAL ' || s.wal_status, '')");
    sb_append(&sb,
              " FROM pg_catalog.pg_replication_slots s, x"
              " UNION ALL SELECT 'vacuum', v.pid::text || ' ' || coalesce(v.relid::pg_catalog."
              "regclass::text, ''), NULL, v.pid, v.phase, NULL, NULL, NULL, NULL, NULL, NULL,"
              " NULL, NULL, NULL, NULL, v.heap_blks_scanned || ' of ' || v.heap_blks_total"
              " || ' blocks scanned' FROM pg_catalog.pg_stat_progress_vacuum v"
              " UNION ALL SELECT 'create index', p.pid::text || ' ' || coalesce(p.index_relid::"
              "pg_catalog.regclass::text, p.relid::pg_catalog.regclass::text), NULL, p.pid,"
              " p.phase, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              " p.blocks_done || ' of ' || p.blocks_total || ' blocks'"
              " FROM pg_catalog.pg_stat_progress_create_index p");
    return sb_steal(&sb);
}
