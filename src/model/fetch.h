/* The tab models' fetch kit: the seam through which every model reaches the database, and the
 * one reading of a query's outcome they share.
 *
 * A model never names a connection: it submits through the Fetcher the app gives it
 * (app->fetch), so a unit test can hand it a recording one and answer with recorded results,
 * and the app decides which server a tab reads from. */
#ifndef SD_FETCH_H
#define SD_FETCH_H

#include <stdbool.h>
#include <time.h>

#include "src/db/conn.h"
#include "src/queries/sqlbuild.h"

struct Fetcher {
    /* Queues a statement; done runs exactly once, later, never from inside submit. */
    void (*submit)(void *ctx, const char *name, const char *sql, int nparams,
                   const char *const *params, db_done_fn done, void *ud);
    /* Statements queued or on the wire. */
    int (*pending)(void *ctx);
    void *ctx;
};

/* The Fetcher of the connection *conn (read at each call: the app replaces it on reconnect). */
void fetch_on_conn(struct Fetcher *f, struct DbConn **conn);

void fetch_query(const struct Fetcher *f, const struct Query *q, db_done_fn done, void *ud);
void fetch_sql(const struct Fetcher *f, const char *name, const char *sql, db_done_fn done,
               void *ud);
/* Whether nothing is queued or on the wire: a refresh starts only then, so that refreshes
 * never pile up behind a slow statement. */
bool fetch_idle(const struct Fetcher *f);

enum FetchOutcome {
    FETCH_OK,     /* rows arrived */
    FETCH_FAILED, /* the server refused the statement: its words are the error */
    FETCH_LOST,   /* the connection went: what is shown stays, marked stale */
};

/* What a view shows about its data's freshness. */
struct FetchStatus {
    char *error; /* the last failure's words (raw: sanitise before drawing), or NULL */
    bool stale;  /* the connection was lost since the data arrived */
    double latency_ms;
    time_t updated;
};

/* The one ladder every model climbs with a result: rows clear the error and the stale mark and
 * date the data; a lost connection marks what is shown stale (when anything is) and keeps its
 * error; a failure records the server's words. */
enum FetchOutcome fetch_settle(struct FetchStatus *st, const struct DbResult *res, time_t now);
void fetch_status_free(struct FetchStatus *st);
/* A TabModel's freshness from st: false while no data has arrived. */
bool fetch_freshness(const struct FetchStatus *st, time_t *updated, double *latency_ms,
                     bool *stale);

#endif
