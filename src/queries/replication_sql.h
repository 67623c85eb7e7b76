/* The Health tab's replication statement, both sides of streaming replication in one read-only
 * round trip, chosen by the server's version (server_version_num, 12 and later). */
#ifndef SD_REPLICATION_SQL_H
#define SD_REPLICATION_SQL_H

/* Rows with the same columns whatever their kind: kind, name, client, pid, state, sync,
 * sent_bytes, write_bytes, flush_bytes, replay_bytes, write_lag_s, flush_lag_s, replay_lag_s,
 * retained_bytes, last_msg_s, detail. Kinds:
 *   server        exactly one: name "primary" or "standby"; on a standby, state is the replay's
 *                 pause state, replay_bytes what was received and not replayed, replay_lag_s 0
 *                 when replay has caught up with what was received (else the age of the last
 *                 replayed transaction), detail the WAL received up to
 *   wal receiver  on a standby with a WAL receiver: state its status (NULL: hidden from the
 *                 role), name the primary, last_msg_s the age of its last message
 *   standby       one per pg_stat_replication row: the bytes each position is behind this
 *                 server's WAL, the lags in seconds (NULL state: hidden from the role)
 *   slot          one per replication slot: state active/inactive, retained_bytes the WAL it
 *                 holds back
 *   vacuum, create index   progress of maintenance running now (detail)
 * Heap string. */
char *replication_sql(int server_version_num);

#endif
