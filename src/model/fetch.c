#include "config.h"

#include "src/model/fetch.h"

#include <stdlib.h>

#include "src/util/xalloc.h"

static void conn_submit(void *ctx, const char *name, const char *sql, int nparams,
                        const char *const *params, db_done_fn done, void *ud)
{
    db_conn_submit(*(struct DbConn **)ctx, name, sql, nparams, params, done, ud);
}

static int conn_pending(void *ctx)
{
    struct DbConn *c = *(struct DbConn **)ctx;
    return c ? db_conn_queue_len(c) : 0;
}

void fetch_on_conn(struct Fetcher *f, struct DbConn **conn)
{
    f->submit = conn_submit;
    f->pending = conn_pending;
    f->ctx = conn;
}

void fetch_query(const struct Fetcher *f, const struct Query *q, db_done_fn done, void *ud)
{
    f->submit(f->ctx, q->name, q->sql, q->nparams, (const char *const *)q->params, done, ud);
}

void fetch_sql(const struct Fetcher *f, const char *name, const char *sql, db_done_fn done,
               void *ud)
{
    f->submit(f->ctx, name, sql, 0, NULL, done, ud);
}

bool fetch_idle(const struct Fetcher *f)
{
    return f->pending(f->ctx) == 0;
}

enum FetchOutcome fetch_settle(struct FetchStatus *st, const struct DbResult *res, time_t now)
{
    if (res->ok) {
        XFREE(st->error);
        st->stale = false;
        st->latency_ms = res->elapsed_ms;
        st->updated = now;
        return FETCH_OK;
    }
    if (res->lost) {
        st->stale = st->updated != 0; /* nothing shown yet: nothing to mark */
        return FETCH_LOST;
    }
    free(st->error);
    st->error = xstrdup(res->error ? res->error : "query failed");
    return FETCH_FAILED;
}

void fetch_status_free(struct FetchStatus *st)
{
    XFREE(st->error);
}

bool fetch_freshness(const struct FetchStatus *st, time_t *updated, double *latency_ms, bool *stale)
{
    *updated = st->updated;
    *latency_ms = st->latency_ms;
    *stale = st->stale;
    return st->updated != 0;
}
