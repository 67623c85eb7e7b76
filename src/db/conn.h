/* One PostgreSQL connection as a non-blocking state machine, driven by the app's poll loop.
 *
 * Nothing here blocks: connecting uses PQconnectStartParams/PQconnectPoll, queries use
 * libpq's pipeline mode with one query in flight and a queue behind it, and the caller polls
 * db_conn_fd() for db_conn_events() and calls db_conn_handle() when it is ready, and
 * db_conn_tick() when db_conn_deadline() passes.
 *
 * The session is never changed: each query is sent as BEGIN READ ONLY, set_config(..., true)
 * of the timeouts and search_path, the query, COMMIT and a Sync, in one round trip, so that a
 * transaction pooler (PgBouncer) in front of the server can hand the server connection to
 * anyone afterwards. A failed query's transaction is rolled back before the next is sent.
 *
 * A lost or refused connection is retried with backoff (1 s doubling to 4 s) unless the session
 * says otherwise; a refused login (wrong password, no pg_hba.conf entry) is not retried until
 * db_conn_reconnect. Server notices never reach stderr: they go to the notice callback. */
#ifndef SD_CONN_H
#define SD_CONN_H

#include <stdbool.h>
#include <stdint.h>

#include "src/db/dsn.h"
#include "src/db/rows.h"

enum DbState {
    DB_IDLE,       /* not started */
    DB_CONNECTING, /* PQconnectPoll in progress */
    DB_READY,      /* connected, nothing in flight */
    DB_BUSY,       /* a query is in flight */
    DB_RETRY_WAIT, /* lost or refused; reconnecting at a deadline */
    DB_FAILED,     /* gave up (session.retry is false) */
};

struct DbSession {
    int statement_timeout_ms; /* SET statement_timeout; 0 for none */
    int lock_timeout_ms;      /* SET lock_timeout; 0 for none */
    int idle_tx_timeout_ms;   /* idle_in_transaction_session_timeout; 0 for none */
    int client_grace_ms;      /* after statement_timeout + this, the client cancels itself */
    bool read_only;           /* default_transaction_read_only = on */
    bool retry;               /* reconnect with backoff (false in --once mode) */
    /* A pooler's admin console (PgBouncer's "pgbouncer" database), which knows only the simple
     * query protocol and no transactions: each query goes alone with PQsendQuery, without
     * parameters, pipeline, BEGIN or settings. A login it refuses (FATAL) is not retried. */
    bool simple;
    const char *search_path; /* or NULL */
    const char *origin;      /* where the connection string came from ("DATABASE_URL", ...) */
};

struct DbResult {
    bool ok;
    bool lost;           /* failed because the connection went away (data is stale, not wrong) */
    struct DbRows *rows; /* the callback may take it and set this to NULL */
    char *error;         /* server's or libpq's words, raw: sanitise before drawing */
    char sqlstate[6];
    double elapsed_ms; /* from send to last result */
};

typedef void (*db_done_fn)(void *ud, struct DbResult *res);
typedef void (*db_notice_fn)(void *ud, const char *message);
typedef void (*db_state_fn)(void *ud);

struct DbConn;

struct DbConn *db_conn_new(const struct Dsn *dsn, const struct DbSession *session);
void db_conn_free(struct DbConn **conn);

void db_conn_set_notice_cb(struct DbConn *c, db_notice_fn fn, void *ud);
/* Called on every state change (connected, lost, retry scheduled, ...). */
void db_conn_set_state_cb(struct DbConn *c, db_state_fn fn, void *ud);

void db_conn_start(struct DbConn *c, int64_t now_ms);

/* The socket to poll (-1 when there is none) and the poll events it wants now. */
int db_conn_fd(const struct DbConn *c);
short db_conn_events(const struct DbConn *c);
void db_conn_handle(struct DbConn *c, short revents, int64_t now_ms);
/* The next time db_conn_tick must be called (retry, client-side query deadline), or -1. */
int64_t db_conn_deadline(const struct DbConn *c);
void db_conn_tick(struct DbConn *c, int64_t now_ms);

/* Queues a parameterised query (PQsendQueryParams, text format). `name` identifies it in the
 * log. The callback always runs exactly once, from db_conn_handle/db_conn_tick/db_conn_free,
 * never from inside db_conn_submit. params may hold NULLs for SQL NULL. */
void db_conn_submit(struct DbConn *c, const char *name, const char *sql, int nparams,
                    const char *const *params, db_done_fn done, void *ud);
/* Where a query runs instead of the session's defaults: as another role (which the login must
 * be allowed to SET ROLE to) and with a search_path list given as is. Both last only for that
 * query's transaction. */
struct DbAs {
    const char *role;
    const char *search_path;
};
void db_conn_submit_as(struct DbConn *c, const char *name, const char *sql, int nparams,
                       const char *const *params, const struct DbAs *as, db_done_fn done, void *ud);
/* Asks the server to cancel the query in flight (never blocks the caller). */
void db_conn_cancel(struct DbConn *c);
/* Before closing: cancels the query in flight and waits up to wait_ms for its pipeline to end
 * (and the aborted transaction to be rolled back), so that a pooler gets its server connection
 * back clean. Queued queries are not sent. Blocks: for exits only. */
void db_conn_drain(struct DbConn *c, int wait_ms);
/* Drops the connection and reconnects now (e.g. the user pressed r while disconnected). */
void db_conn_reconnect(struct DbConn *c, int64_t now_ms);

enum DbState db_conn_state(const struct DbConn *c);
/* Short words for the status line: "connecting", "connected", "reconnecting in 4 s", ... */
const char *db_conn_state_text(const struct DbConn *c, int64_t now_ms);
/* libpq's or the server's last error message (raw), or NULL. */
const char *db_conn_last_error(const struct DbConn *c);
/* Facts of the live connection; 0 or NULL before the first connect. */
int db_conn_server_version(const struct DbConn *c);
int db_conn_backend_pid(const struct DbConn *c);
const char *db_conn_host(const struct DbConn *c);
const char *db_conn_dbname(const struct DbConn *c);
const char *db_conn_user(const struct DbConn *c);
int db_conn_queue_len(const struct DbConn *c);

int64_t db_now_ms(void); /* CLOCK_MONOTONIC in milliseconds */

#endif
