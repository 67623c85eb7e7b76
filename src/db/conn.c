#include "config.h"

#include "src/db/conn.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/db/lookup.h"
#include "src/util/log.h"
#include "src/util/thread.h"
#include "src/util/xalloc.h"

enum {
    BACKOFF_FIRST_MS = 1000,
    BACKOFF_MAX_MS = 4000, /* a server back from a restart is found within 5 s */
    DEFAULT_CONNECT_TIMEOUT_S = 10,
    DEFAULT_GRACE_MS = 2000,
    UNBOUNDED_STATEMENT_MS = 30000, /* client deadline base when statement_timeout is 0 */
    CANCEL_WAIT_MS = 3000,          /* after the cancel, how long before giving up */
};

/* A statement of the caller's (or our own ROLLBACK), queued, on the wire or done. */
struct Pending {
    struct Pending *next;
    char *name;
    char *sql;
    int nparams;
    char **params;
    db_done_fn done;
    void *ud;
    bool internal;     /* our own ROLLBACK after a failed statement, not a caller's query */
    char *role;        /* run as this role (SET LOCAL ROLE), or NULL */
    char *search_path; /* this search_path list instead of the session's, or NULL */
    int64_t sent_ms;
    struct DbResult res; /* filled while it runs, delivered once */
};

struct QList {
    struct Pending *head, *tail;
    int len;
};

struct DbConn {
    char **keys, **vals; /* the DSN, owned copies */
    char *search_path;
    struct DbSession session;
    int connect_timeout_ms; /* <= 0: none */

    struct DbLookup *lookup; /* host names being looked up before libpq starts */
    PGconn *pg;
    enum DbState state;
    PostgresPollingStatusType poll_status;
    bool want_write; /* PQflush returned 1 */
    char *connecting_host;
    int64_t connect_deadline;
    int64_t retry_at;
    int backoff_ms;

    struct QList queue; /* waiting to be sent */
    struct Pending *inflight;
    int step; /* statements of the in-flight pipeline whose results are all in */
    int64_t query_deadline;
    bool timed_out;    /* the client deadline passed and a cancel was requested */
    struct QList done; /* completed, callback not run yet */
    bool state_dirty;  /* the state callback is owed */
    bool closing;
    bool draining;    /* only our own ROLLBACK may still be sent */
    bool auth_failed; /* the server refused the login: no retry until asked */
    char *origin;     /* where the connection string came from, for messages */

    char *last_error;
    char *text; /* buffer for db_conn_state_text */
    int server_version;
    int backend_pid;
    char *host, *dbname, *user;

    db_notice_fn notice_fn;
    void *notice_ud;
    db_state_fn state_fn;
    void *state_ud;
};

enum { TEXT_SIZE = 64 };

int64_t db_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static const char *option(const struct DbConn *c, const char *key, const char *env);

/* --- small helpers ------------------------------------------------------------------------- */

static void qlist_push(struct QList *l, struct Pending *q)
{
    q->next = NULL;
    if (l->tail)
        l->tail->next = q;
    else
        l->head = q;
    l->tail = q;
    l->len++;
}

static struct Pending *qlist_pop(struct QList *l)
{
    struct Pending *q = l->head;
    if (!q)
        return NULL;
    l->head = q->next;
    if (!l->head)
        l->tail = NULL;
    l->len--;
    q->next = NULL;
    return q;
}

static void pending_free(struct Pending *q)
{
    free(q->name);
    free(q->sql);
    free(q->role);
    free(q->search_path);
    for (int i = 0; i < q->nparams; i++)
        free(q->params[i]);
    free(q->params);
    db_rows_free(&q->res.rows);
    free(q->res.error);
    free(q);
}

static char *strip_newline(const char *s)
{
    char *out = xstrdup(s ? s : "");
    size_t n = strlen(out);
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r' || out[n - 1] == ' '))
        out[--n] = '\0';
    return out;
}

static void set_last_error(struct DbConn *c, const char *msg)
{
    char *copy = strip_newline(msg); /* msg may be c->last_error itself */
    free(c->last_error);
    c->last_error = copy;
}

static void set_state(struct DbConn *c, enum DbState s)
{
    if (c->state != s)
        c->state_dirty = true;
    c->state = s;
}

static void replace_str(char **dst, const char *src)
{
    free(*dst);
    *dst = src ? xstrdup(src) : NULL;
}

/* Moves q to the done list with a failure, unless it already holds a server error. */
static void pending_fail(struct DbConn *c, struct Pending *q, const char *error, bool lost,
                         int64_t now)
{
    q->res.ok = false;
    q->res.lost = lost;
    db_rows_free(&q->res.rows);
    if (!q->res.error)
        q->res.error = strip_newline(error);
    if (q->sent_ms)
        q->res.elapsed_ms = (double)(now - q->sent_ms);
    qlist_push(&c->done, q);
}

/* Fails the statement in flight (our own ROLLBACK is just dropped). */
static void fail_inflight(struct DbConn *c, const char *error, bool lost, int64_t now)
{
    struct Pending *q = c->inflight;
    if (!q)
        return;
    c->inflight = NULL;
    if (q->internal)
        pending_free(q);
    else
        pending_fail(c, q, error, lost, now);
}

/* Fails the query in flight and everything queued. */
static void fail_all(struct DbConn *c, const char *error, bool lost, int64_t now)
{
    fail_inflight(c, error, lost, now);
    struct Pending *q;
    while ((q = qlist_pop(&c->queue))) {
        if (q->internal)
            pending_free(q);
        else
            pending_fail(c, q, error, lost, now);
    }
    c->timed_out = false;
    c->want_write = false;
}

static void drop_pg(struct DbConn *c)
{
    db_lookup_free(&c->lookup);
    if (c->pg)
        PQfinish(c->pg);
    c->pg = NULL;
    c->want_write = false;
    c->timed_out = false;
    XFREE(c->connecting_host);
}

/* True when the server (or libpq) refused the login itself: SQLSTATE 28P01 or 28000, which a
 * connection failure does not carry, so the words are matched. Trying again with the same
 * password only counts towards a lockout. */
static bool login_refused(const char *msg)
{
    static const char *const words[] = {
        "password authentication failed", /* 28P01 */
        "authentication failed for user", /* 28000: ident, peer, PAM, LDAP, ... */
        "no pg_hba.conf entry",           /* 28000 */
        "pg_hba.conf rejects connection", /* 28000 */
        "no password supplied",           /* libpq: the server wants one, none was found */
    };
    for (size_t i = 0; msg && i < sizeof words / sizeof words[0]; i++)
        if (strstr(msg, words[i]))
            return true;
    return false;
}

/* The server's own words in a libpq connection error: without "connection to server ...
 * failed: " and "FATAL:". */
static const char *refusal_words(const char *msg)
{
    const char *p = strstr(msg, " failed: ");
    if (p && strncmp(msg, "connection to server", 20) == 0)
        msg = p + strlen(" failed: ");
    if (strncmp(msg, "FATAL:", 6) == 0)
        msg += strspn(msg + 6, " ") + 6;
    return msg;
}

/* An admin console answers a login it will not take with FATAL ("not allowed", "no such
 * user", a failed authentication); only a full pooler is worth trying again. */
static bool admin_refused(const char *msg)
{
    return msg && strstr(msg, "FATAL:") && !strstr(msg, "no more connections allowed");
}

/* Where libpq took the password from, in the user's terms (never the password itself). */
static const char *password_source(const struct DbConn *c)
{
    for (size_t i = 0; c->keys[i]; i++)
        if (strcmp(c->keys[i], "password") == 0)
            return c->origin ? c->origin : "the connection string";
    if (getenv("PGPASSWORD"))
        return "PGPASSWORD";
    const char *passfile = option(c, "passfile", "PGPASSFILE");
    if (option(c, "service", "PGSERVICE"))
        return passfile ? "the service file or PGPASSFILE" : "the service file or ~/.pgpass";
    return passfile ? "PGPASSFILE (passfile)" : "~/.pgpass";
}

/* The connection is gone (or never came): fail every query, then retry or give up. */
static void conn_down(struct DbConn *c, const char *why, int64_t now)
{
    bool was_up = c->state == DB_READY || c->state == DB_BUSY;
    set_last_error(c, why);
    log_msg("db: %s: %s", was_up ? "connection lost" : "connection failed", c->last_error);
    if (!was_up && c->session.simple && admin_refused(c->last_error)) {
        char *words = xstrdup(refusal_words(c->last_error));
        free(c->last_error);
        c->last_error = words;
        c->auth_failed = true;
        log_msg("db: the admin console refused the login; not retrying until asked");
    } else if (!was_up && login_refused(c->last_error)) {
        /* What to fix comes first: the status line has room for one line. */
        const char *words = refusal_words(c->last_error);
        char *msg = strstr(words, "no password supplied")
                        ? xasprintf("no password found: put it in ~/.pgpass, a service file or "
                                    "DATABASE_URL (r retries): %s",
                                    words)
                        : xasprintf("the password from %s was refused (r retries): %s",
                                    password_source(c), words);
        free(c->last_error);
        c->last_error = msg;
        c->auth_failed = true;
        log_msg("db: login refused; not retrying until asked");
    }
    fail_all(c, c->last_error, true, now);
    drop_pg(c);
    if (c->session.retry && !c->auth_failed) {
        c->retry_at = now + c->backoff_ms;
        log_msg("db: reconnecting in %d s", c->backoff_ms / 1000);
        c->backoff_ms = c->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : c->backoff_ms * 2;
        set_state(c, DB_RETRY_WAIT);
    } else {
        set_state(c, DB_FAILED);
    }
}

/* --- cancel -------------------------------------------------------------------------------- */

#ifdef HAVE_PQCANCELCREATE
static void *cancel_thread(void *arg)
{
    PGcancelConn *cc = arg;
    PQcancelBlocking(cc);
    PQcancelFinish(cc);
    return NULL;
}
#else
static void *cancel_thread(void *arg)
{
    PGcancel *cancel = arg;
    char buf[256];
    PQcancel(cancel, buf, (int)sizeof buf);
    PQfreeCancel(cancel);
    return NULL;
}
#endif

/* PQcancel opens a new connection and blocks, so it runs in a detached thread that owns its
 * cancel object. */
static void request_cancel(struct DbConn *c)
{
    if (!c->pg)
        return;
#ifdef HAVE_PQCANCELCREATE
    void *obj = PQcancelCreate(c->pg);
#else
    void *obj = PQgetCancel(c->pg);
#endif
    if (!obj) {
        log_msg("db: cannot build a cancel request");
        return;
    }
    if (!thread_detached(cancel_thread, obj)) {
        log_msg("db: cannot start the cancel thread");
#ifdef HAVE_PQCANCELCREATE
        PQcancelFinish(obj);
#else
        PQfreeCancel(obj);
#endif
        return;
    }
    log_msg("db: cancel requested");
}

/* --- sending ------------------------------------------------------------------------------- */

static int64_t query_budget_ms(const struct DbConn *c)
{
    int64_t st = c->session.statement_timeout_ms > 0 ? c->session.statement_timeout_ms
                                                     : UNBOUNDED_STATEMENT_MS;
    int64_t grace = c->session.client_grace_ms > 0 ? c->session.client_grace_ms : DEFAULT_GRACE_MS;
    return st + grace;
}

static bool flush_out(struct DbConn *c, int64_t now)
{
    int r = PQflush(c->pg);
    if (r < 0) {
        conn_down(c, PQerrorMessage(c->pg), now);
        return false;
    }
    c->want_write = r == 1;
    return true;
}

/* The transaction-local settings sent before each statement, with their parameters. Nothing
 * outlives the transaction: a pooler may hand the server connection to someone else next. A
 * query may run as another role, with a search_path list of its own (given as is). */
enum { SET_SQL_SIZE = 512, SET_MAX = 5 };
static int wrap_settings(const struct DbConn *c, const struct Pending *q, char *sql,
                         char params[][32], const char **vals)
{
    snprintf(params[0], sizeof params[0], "%d", c->session.statement_timeout_ms);
    snprintf(params[1], sizeof params[1], "%d", c->session.lock_timeout_ms);
    snprintf(params[2], sizeof params[2], "%d", c->session.idle_tx_timeout_ms);
    vals[0] = params[0];
    vals[1] = params[1];
    vals[2] = params[2];
    int n = 3;
    size_t len = (size_t)snprintf(sql, SET_SQL_SIZE,
                                  "SELECT set_config('statement_timeout', $1, true),"
                                  " set_config('lock_timeout', $2, true),"
                                  " set_config('idle_in_transaction_session_timeout', $3, true)");
    if (q->search_path) {
        vals[n++] = q->search_path;
        len += (size_t)snprintf(sql + len, SET_SQL_SIZE - len,
                                ", set_config('search_path', $%d, true)", n);
    } else if (c->search_path) {
        vals[n++] = c->search_path;
        len +=
            (size_t)snprintf(sql + len, SET_SQL_SIZE - len,
                             ", set_config('search_path', pg_catalog.quote_ident($%d), true)", n);
    }
    if (q->role) {
        vals[n++] = q->role;
        snprintf(sql + len, SET_SQL_SIZE - len, ", set_config('role', $%d, true)", n);
    }
    return n;
}

/* Puts one statement into the pipeline; false when libpq refused it. */
static bool pipe_one(struct DbConn *c, const char *sql, int n, const char *const *vals)
{
    return PQsendQueryParams(c->pg, sql, n, NULL, vals, NULL, NULL, 0) == 1;
}

/* A caller's statement goes out as BEGIN READ ONLY; the settings; the statement; COMMIT; Sync,
 * in one write and one round trip. Our own ROLLBACK goes alone. */
static bool send_pipeline(struct DbConn *c, struct Pending *q)
{
    if (c->session.simple)
        return PQsendQuery(c->pg, q->sql) == 1;
    if (q->internal)
        return pipe_one(c, q->sql, 0, NULL) && PQpipelineSync(c->pg) == 1;
    char set_sql[SET_SQL_SIZE];
    char buf[3][32];
    const char *vals[SET_MAX];
    int n = wrap_settings(c, q, set_sql, buf, vals);
    return pipe_one(c, c->session.read_only ? "BEGIN READ ONLY" : "BEGIN", 0, NULL) &&
           pipe_one(c, set_sql, n, vals) &&
           pipe_one(c, q->sql, q->nparams, (const char *const *)q->params) &&
           pipe_one(c, "COMMIT", 0, NULL) && PQpipelineSync(c->pg) == 1;
}

static void send_query(struct DbConn *c, struct Pending *q, int64_t now)
{
    c->inflight = q;
    c->step = 0;
    q->sent_ms = now;
    c->query_deadline = now + query_budget_ms(c);
    c->timed_out = false;
    if (!send_pipeline(c, q)) {
        /* Part of a pipeline may be queued in libpq already: the connection cannot go on. */
        char *why = xasprintf("cannot send %s: %s", q->name, PQerrorMessage(c->pg));
        conn_down(c, why, now);
        free(why);
        return;
    }
    if (!q->internal)
        set_state(c, DB_BUSY);
    flush_out(c, now);
}

/* Sends the next queued query when the connection is idle. */
static void pump(struct DbConn *c, int64_t now)
{
    if (c->closing)
        return;
    while (c->state == DB_READY && !c->inflight && c->queue.head) {
        if (c->draining && !c->queue.head->internal)
            return;
        struct Pending *q = qlist_pop(&c->queue);
        send_query(c, q, now);
    }
}

/* After a failed statement the transaction is left aborted; it is rolled back before anything
 * else is sent, so that no server connection is left inside it. */
static void queue_rollback(struct DbConn *c)
{
    struct Pending *q = xcalloc(1, sizeof *q);
    q->internal = true;
    q->name = xstrdup("rollback");
    q->sql = xstrdup("ROLLBACK");
    q->params = xcalloc(1, sizeof *q->params);
    q->next = c->queue.head;
    c->queue.head = q;
    if (!c->queue.tail)
        c->queue.tail = q;
    c->queue.len++;
}

/* --- results ------------------------------------------------------------------------------- */

/* Built-in type OIDs (pg_type.dat; they never change). */
static enum DbType type_of(Oid t)
{
    switch (t) {
    case 16: /* bool */
        return DB_BOOL;
    case 20: /* int8 */
    case 21: /* int2 */
    case 23: /* int4 */
    case 26: /* oid */
        return DB_INT;
    case 1700: /* numeric */
        return DB_NUMERIC;
    case 700: /* float4 */
    case 701: /* float8 */
        return DB_FLOAT;
    default:
        return DB_TEXT;
    }
}

static struct DbRows *rows_from(const PGresult *res)
{
    int nr = PQntuples(res), nc = PQnfields(res);
    struct DbRows *r = db_rows_new(nr, nc);
    for (int j = 0; j < nc; j++) {
        r->names[j] = xstrdup(PQfname(res, j));
        r->types[j] = (unsigned char)type_of(PQftype(res, j));
    }
    for (int i = 0; i < nr; i++)
        for (int j = 0; j < nc; j++)
            if (!PQgetisnull(res, i, j))
                r->cells[(size_t)i * (size_t)nc + (size_t)j] =
                    xstrndup(PQgetvalue(res, i, j), (size_t)PQgetlength(res, i, j));
    return r;
}

/* Takes one PGresult into the query in flight and clears it. False when the connection cannot
 * go on (COPY, which no query of ours starts). */
static bool take_result(struct Pending *q, PGresult *res)
{
    bool fine = true;
    switch (PQresultStatus(res)) {
    case PGRES_TUPLES_OK:
        db_rows_free(&q->res.rows);
        q->res.rows = rows_from(res);
        break;
    case PGRES_COMMAND_OK:
    case PGRES_EMPTY_QUERY:
        break;
    case PGRES_COPY_IN:
    case PGRES_COPY_OUT:
    case PGRES_COPY_BOTH:
        if (!q->res.error)
            q->res.error = xstrdup("COPY is not supported here");
        fine = false;
        break;
    default:
        if (!q->res.error) {
            q->res.error = strip_newline(PQresultErrorMessage(res));
            const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);
            snprintf(q->res.sqlstate, sizeof q->res.sqlstate, "%s", st ? st : "");
        }
        break;
    }
    PQclear(res);
    return fine;
}

enum { USER_STEP = 2, WRAPPED_STEPS = 4 }; /* BEGIN, settings, the statement, COMMIT */

/* One result of the pipeline in flight: the caller's statement's rows, or the first error of
 * any of its statements. False when the connection cannot go on. */
static bool take_step(struct DbConn *c, struct Pending *q, PGresult *res)
{
    ExecStatusType st = PQresultStatus(res);
    if (st == PGRES_PIPELINE_ABORTED) {
        PQclear(res);
        return true;
    }
    if (!q->internal && (c->step == USER_STEP || c->session.simple))
        return take_result(q, res);
    bool failed = st == PGRES_FATAL_ERROR || st == PGRES_NONFATAL_ERROR;
    if (failed && !q->res.error) {
        q->res.error = strip_newline(PQresultErrorMessage(res));
        const char *code = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        snprintf(q->res.sqlstate, sizeof q->res.sqlstate, "%s", code ? code : "");
    }
    PQclear(res);
    return st != PGRES_COPY_IN && st != PGRES_COPY_OUT && st != PGRES_COPY_BOTH;
}

static void query_done(struct DbConn *c, int64_t now)
{
    struct Pending *q = c->inflight;
    c->inflight = NULL;
    c->timed_out = false;
    q->res.elapsed_ms = (double)(now - q->sent_ms);
    PGTransactionStatusType ts = PQtransactionStatus(c->pg);
    bool left_open = ts == PQTRANS_INERROR || ts == PQTRANS_INTRANS;
    if (q->internal) {
        bool failed = q->res.error != NULL;
        if (failed || left_open) {
            char *why = xasprintf("rollback failed: %s", failed ? q->res.error : "still open");
            pending_free(q);
            conn_down(c, why, now);
            free(why);
            return;
        }
        pending_free(q);
        set_state(c, DB_READY);
        return;
    }
    if (!c->session.simple && (left_open || (ts == PQTRANS_ACTIVE && q->res.error)))
        queue_rollback(c);
    q->res.ok = q->res.error == NULL;
    if (!q->res.ok)
        db_rows_free(&q->res.rows);
    if (q->res.ok)
        log_msg("db: query %s: %d rows in %.0f ms", q->name, q->res.rows ? q->res.rows->nrows : 0,
                q->res.elapsed_ms);
    else
        log_msg("db: query %s failed (%s) in %.0f ms", q->name,
                q->res.sqlstate[0] ? q->res.sqlstate : "no sqlstate", q->res.elapsed_ms);
    set_state(c, DB_READY);
    qlist_push(&c->done, q);
}

/* Reads what the server sent; completes the query in flight at its pipeline's Sync. */
static void read_input(struct DbConn *c, int64_t now)
{
    if (!PQconsumeInput(c->pg)) {
        conn_down(c, PQerrorMessage(c->pg), now);
        return;
    }
    bool finished = false;
    bool fine = true;
    while (c->inflight && fine && !PQisBusy(c->pg)) {
        PGresult *res = PQgetResult(c->pg);
        if (!res && c->session.simple) {
            finished = true; /* a simple query ends with its last result */
            break;
        }
        if (!res) {
            /* the end of one statement's results; more ends than statements would spin */
            fine = ++c->step <= (c->inflight->internal ? 1 : WRAPPED_STEPS);
            continue;
        }
        if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            finished = true;
            break;
        }
        fine = take_step(c, c->inflight, res);
    }
    PGnotify *n;
    while ((n = PQnotifies(c->pg)))
        PQfreemem(n);
    if (!fine) {
        const char *e = c->inflight->res.error;
        char *why = xstrdup(e ? e : "the server's answer did not match the statements sent");
        conn_down(c, why, now);
        free(why);
        return;
    }
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        const char *why =
            c->inflight && c->inflight->res.error ? c->inflight->res.error : PQerrorMessage(c->pg);
        char *copy = xstrdup(why);
        conn_down(c, copy, now);
        free(copy);
        return;
    }
    if (finished)
        query_done(c, now);
}

/* --- connecting ---------------------------------------------------------------------------- */

static void notice_receiver(void *arg, const PGresult *res)
{
    struct DbConn *c = arg;
    if (!c->notice_fn)
        return;
    char *msg = strip_newline(PQresultErrorMessage(res));
    c->notice_fn(c->notice_ud, msg);
    free(msg);
}

static void connected(struct DbConn *c, int64_t now)
{
    if (PQsetnonblocking(c->pg, 1) != 0) {
        conn_down(c, PQerrorMessage(c->pg), now);
        return;
    }
    XFREE(c->connecting_host);
    c->server_version = PQserverVersion(c->pg);
    c->backend_pid = PQbackendPID(c->pg);
    replace_str(&c->host, PQhost(c->pg));
    replace_str(&c->dbname, PQdb(c->pg));
    replace_str(&c->user, PQuser(c->pg));
    /* Each statement then travels with its own transaction and settings (send_pipeline): the
     * session itself is never changed, so a transaction pooler can share it safely. */
    if (!c->session.simple && PQenterPipelineMode(c->pg) != 1) {
        conn_down(c, PQerrorMessage(c->pg), now);
        return;
    }
    c->backoff_ms = BACKOFF_FIRST_MS;
    XFREE(c->last_error);
    log_msg("db: connected to %s db %s as %s (server %d, backend pid %d)", c->host ? c->host : "?",
            c->dbname ? c->dbname : "?", c->user ? c->user : "?", c->server_version,
            c->backend_pid);
    set_state(c, DB_READY);
}

static void connect_deadline_reset(struct DbConn *c, int64_t now)
{
    c->connect_deadline = c->connect_timeout_ms > 0 ? now + c->connect_timeout_ms : -1;
}

/* libpq moves to the next host of a list by itself; each host gets a full connect_timeout, as
 * in libpq's blocking mode. */
static void note_host(struct DbConn *c, int64_t now)
{
    const char *h = PQhost(c->pg);
    const char *p = PQport(c->pg);
    char *cur = xasprintf("%s:%s", h ? h : "", p ? p : "");
    if (c->connecting_host && strcmp(cur, c->connecting_host) != 0)
        connect_deadline_reset(c, now);
    free(c->connecting_host);
    c->connecting_host = cur;
}

/* The connection option `key` as libpq will see it: from the DSN, else from the environment. */
static const char *option(const struct DbConn *c, const char *key, const char *env)
{
    for (size_t i = 0; c->keys[i]; i++)
        if (strcmp(c->keys[i], key) == 0)
            return c->vals[i];
    return env ? getenv(env) : NULL;
}

/* Hands the connection to libpq, with host, hostaddr and port from a lookup when there was one. */
static void start_libpq(struct DbConn *c, const struct DbLookupResult *r, int64_t now)
{
    size_t n = 0;
    while (c->keys[n])
        n++;
    const char **keys = xcalloc(n + 4, sizeof *keys);
    const char **vals = xcalloc(n + 4, sizeof *vals);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *key = c->keys[i];
        if (r && (strcmp(key, "host") == 0 || strcmp(key, "hostaddr") == 0 ||
                  (r->port && strcmp(key, "port") == 0)))
            continue;
        keys[k] = key;
        vals[k++] = c->vals[i];
    }
    if (r) {
        keys[k] = "host";
        vals[k++] = r->host;
        keys[k] = "hostaddr";
        vals[k++] = r->hostaddr;
        if (r->port) {
            keys[k] = "port";
            vals[k++] = r->port;
        }
    }
    c->pg = PQconnectStartParams(keys, vals, 0);
    free(keys);
    free(vals);
    if (!c->pg) {
        conn_down(c, "out of memory", now);
        return;
    }
    PQsetNoticeReceiver(c->pg, notice_receiver, c);
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        conn_down(c, PQerrorMessage(c->pg), now);
        return;
    }
    c->poll_status = PGRES_POLLING_WRITING;
    connect_deadline_reset(c, now); /* the lookup had its own */
    note_host(c, now);
}

static void start_connect(struct DbConn *c, int64_t now)
{
    drop_pg(c);
    const char *host = option(c, "host", "PGHOST");
    const char *port = option(c, "port", "PGPORT");
    const char *db = option(c, "dbname", NULL);
    log_msg("db: connecting to host %s port %s db %s", host ? host : "(default)",
            port ? port : "(default)", db ? db : "(default)");
    set_state(c, DB_CONNECTING);
    connect_deadline_reset(c, now);
    /* Given addresses, or a service file that may name the host, are left to libpq. */
    if (!option(c, "hostaddr", "PGHOSTADDR") && !option(c, "service", "PGSERVICE"))
        c->lookup = db_lookup_start(host, port);
    if (c->lookup) {
        log_msg("db: looking up %s", host);
        return;
    }
    start_libpq(c, NULL, now);
}

/* The names are looked up: go on with libpq, or fail as libpq would have. */
static void lookup_done(struct DbConn *c, int64_t now)
{
    struct DbLookupResult r;
    char *err = NULL;
    bool ok = db_lookup_result(c->lookup, &r, &err);
    db_lookup_free(&c->lookup);
    if (!ok) {
        conn_down(c, err, now);
        free(err);
        return;
    }
    log_msg("db: host %s is at %s", r.host, r.hostaddr);
    start_libpq(c, &r, now);
    db_lookup_result_free(&r);
}

static void poll_connect(struct DbConn *c, int64_t now)
{
    c->poll_status = PQconnectPoll(c->pg);
    switch (c->poll_status) {
    case PGRES_POLLING_FAILED:
        conn_down(c, PQerrorMessage(c->pg), now);
        break;
    case PGRES_POLLING_OK:
        connected(c, now);
        break;
    default:
        note_host(c, now);
        break;
    }
}

/* --- delivering callbacks ------------------------------------------------------------------ */

/* Runs owed callbacks, sending queued queries in between so that the next one is on its way
 * while the caller's code runs, and again after it (a callback may submit). */
static void settle(struct DbConn *c, int64_t now)
{
    for (;;) {
        pump(c, now);
        if (c->state_dirty) {
            c->state_dirty = false;
            if (c->state_fn)
                c->state_fn(c->state_ud);
            continue;
        }
        struct Pending *q = qlist_pop(&c->done);
        if (!q)
            break;
        if (q->done)
            q->done(q->ud, &q->res);
        pending_free(q);
    }
}

/* libpq's connect_timeout in seconds; libpq enforces none in asynchronous mode, so we do. 0 or
 * less means no limit, as in libpq; a value libpq would reject gets the default. */
static int connect_timeout_ms(const char *v)
{
    if (!v)
        return DEFAULT_CONNECT_TIMEOUT_S * 1000;
    char *end;
    errno = 0;
    long secs = strtol(v, &end, 10);
    while (*end == ' ')
        end++;
    if (errno || end == v || *end || secs > 86400)
        return DEFAULT_CONNECT_TIMEOUT_S * 1000;
    return secs > 0 ? (int)secs * 1000 : 0;
}

/* --- public -------------------------------------------------------------------------------- */

struct DbConn *db_conn_new(const struct Dsn *dsn, const struct DbSession *session)
{
    struct DbConn *c = xcalloc(1, sizeof *c);
    c->keys = xcalloc(dsn->n + 1, sizeof *c->keys);
    c->vals = xcalloc(dsn->n + 1, sizeof *c->vals);
    for (size_t i = 0; i < dsn->n; i++) {
        c->keys[i] = xstrdup(dsn->keys[i]);
        c->vals[i] = xstrdup(dsn->vals[i]);
    }
    c->session = *session;
    c->origin = session->origin ? xstrdup(session->origin) : NULL;
    c->session.origin = c->origin;
    const char *sp = session->search_path ? session->search_path : dsn->search_path;
    c->search_path = sp ? xstrdup(sp) : NULL;
    c->session.search_path = c->search_path;
    c->connect_timeout_ms = connect_timeout_ms(dsn_get(dsn, "connect_timeout"));
    c->backoff_ms = BACKOFF_FIRST_MS;
    c->connect_deadline = -1;
    c->state = DB_IDLE;
    c->text = xmalloc(TEXT_SIZE);
    c->text[0] = '\0';
    return c;
}

void db_conn_free(struct DbConn **conn)
{
    if (!conn || !*conn)
        return;
    struct DbConn *c = *conn;
    c->closing = true;
    c->state_fn = NULL;
    int64_t now = db_now_ms();
    /* finished queries keep their results; the rest end as "closed" */
    do {
        fail_all(c, "closed", false, now);
        settle(c, now);
    } while (c->inflight || c->queue.head || c->done.head);
    drop_pg(c);
    for (size_t i = 0; c->keys[i]; i++) {
        free(c->keys[i]);
        free(c->vals[i]);
    }
    free(c->keys);
    free(c->vals);
    free(c->search_path);
    free(c->origin);
    free(c->last_error);
    free(c->text);
    free(c->host);
    free(c->dbname);
    free(c->user);
    free(c);
    *conn = NULL;
}

void db_conn_set_notice_cb(struct DbConn *c, db_notice_fn fn, void *ud)
{
    c->notice_fn = fn;
    c->notice_ud = ud;
}

void db_conn_set_state_cb(struct DbConn *c, db_state_fn fn, void *ud)
{
    c->state_fn = fn;
    c->state_ud = ud;
}

void db_conn_start(struct DbConn *c, int64_t now_ms)
{
    if (c->state != DB_IDLE)
        return;
    start_connect(c, now_ms);
}

int db_conn_fd(const struct DbConn *c)
{
    if (c->lookup)
        return db_lookup_fd(c->lookup);
    return c->pg ? PQsocket(c->pg) : -1;
}

short db_conn_events(const struct DbConn *c)
{
    if (c->lookup)
        return POLLIN;
    if (!c->pg || PQsocket(c->pg) < 0)
        return 0;
    if (c->state == DB_CONNECTING)
        return c->poll_status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    return (short)(POLLIN | (c->want_write ? POLLOUT : 0));
}

void db_conn_handle(struct DbConn *c, short revents, int64_t now_ms)
{
    if (c->lookup) {
        if (revents && db_lookup_finished(c->lookup))
            lookup_done(c, now_ms);
    } else if (c->pg && revents) {
        if (c->state == DB_CONNECTING) {
            poll_connect(c, now_ms);
        } else {
            if ((revents & POLLOUT) && c->want_write)
                flush_out(c, now_ms);
            if (c->pg && (revents & (POLLIN | POLLHUP | POLLERR)))
                read_input(c, now_ms);
            /* reading may have made room for what was still to be sent */
            if (c->pg && c->want_write)
                flush_out(c, now_ms);
        }
    }
    settle(c, now_ms);
}

int64_t db_conn_deadline(const struct DbConn *c)
{
    if (c->done.head || c->state_dirty)
        return 0; /* callbacks are owed: call db_conn_tick now */
    switch (c->state) {
    case DB_CONNECTING:
        return c->connect_deadline;
    case DB_RETRY_WAIT:
        return c->retry_at;
    case DB_FAILED:
        return c->queue.head ? 0 : -1;
    default:
        return c->inflight ? c->query_deadline : -1;
    }
}

void db_conn_tick(struct DbConn *c, int64_t now_ms)
{
    switch (c->state) {
    case DB_CONNECTING:
        if (c->connect_deadline >= 0 && now_ms >= c->connect_deadline)
            conn_down(c,
                      c->lookup ? "timeout expired while looking up the host name"
                                : "timeout expired while connecting",
                      now_ms);
        break;
    case DB_RETRY_WAIT:
        if (now_ms >= c->retry_at) {
            log_msg("db: retrying");
            start_connect(c, now_ms);
        }
        break;
    case DB_FAILED:
        fail_all(c, c->last_error ? c->last_error : "not connected", true, now_ms);
        break;
    case DB_READY: /* our own ROLLBACK may be in flight */
    case DB_BUSY:
        if (!c->inflight || now_ms < c->query_deadline)
            break;
        if (!c->timed_out) {
            log_msg("db: query %s timed out after %lld ms, cancelling", c->inflight->name,
                    (long long)(now_ms - c->inflight->sent_ms));
            c->timed_out = true;
            c->state_dirty = true;
            c->query_deadline = now_ms + CANCEL_WAIT_MS;
            request_cancel(c);
        } else {
            conn_down(c, "server did not answer; reconnecting", now_ms);
        }
        break;
    default:
        break;
    }
    settle(c, now_ms);
}

void db_conn_submit_as(struct DbConn *c, const char *name, const char *sql, int nparams,
                       const char *const *params, const struct DbAs *as, db_done_fn done, void *ud)
{
    struct Pending *q = xcalloc(1, sizeof *q);
    q->name = xstrdup(name ? name : "query");
    q->sql = xstrdup(sql);
    q->nparams = nparams > 0 ? nparams : 0;
    q->params = xcalloc((size_t)q->nparams + 1, sizeof *q->params);
    for (int i = 0; i < q->nparams; i++)
        q->params[i] = params && params[i] ? xstrdup(params[i]) : NULL;
    if (as && as->role)
        q->role = xstrdup(as->role);
    if (as && as->search_path)
        q->search_path = xstrdup(as->search_path);
    q->done = done;
    q->ud = ud;
    qlist_push(&c->queue, q);
    pump(c, db_now_ms());
}

void db_conn_submit(struct DbConn *c, const char *name, const char *sql, int nparams,
                    const char *const *params, db_done_fn done, void *ud)
{
    db_conn_submit_as(c, name, sql, nparams, params, NULL, done, ud);
}

void db_conn_cancel(struct DbConn *c)
{
    if (c->pg && c->inflight && !c->inflight->internal)
        request_cancel(c);
}

/* Handles the connection until nothing of ours is in flight or until `end`. */
static void drain_until(struct DbConn *c, int64_t end)
{
    while (c->pg && (c->inflight || (c->queue.head && c->queue.head->internal))) {
        int64_t now = db_now_ms();
        if (now >= end)
            return;
        struct pollfd p = {.fd = PQsocket(c->pg), .events = db_conn_events(c)};
        int r = poll(&p, 1, (int)(end - now));
        if (r < 0 && errno != EINTR)
            return;
        db_conn_handle(c, r > 0 ? p.revents : 0, db_now_ms());
    }
}

void db_conn_drain(struct DbConn *c, int wait_ms)
{
    if (!c->pg || !c->inflight || (c->state != DB_BUSY && c->state != DB_READY))
        return;
    c->draining = true;
    /* A query of ours is short: let it finish. A cancel is a connection of its own, and one
     * cut short by our exit is more than some poolers survive (PgBouncer 1.18 aborts). */
    int64_t start = db_now_ms();
    drain_until(c, start + wait_ms / 2);
    if (c->pg && c->inflight && !c->inflight->internal && !c->timed_out) {
        log_msg("db: %s still running at exit; cancelling", c->inflight->name);
        request_cancel(c);
    }
    drain_until(c, start + wait_ms);
    if (c->pg && c->inflight)
        log_msg("db: still busy after %d ms; closing anyway", wait_ms);
    c->draining = false;
}

void db_conn_reconnect(struct DbConn *c, int64_t now_ms)
{
    log_msg("db: reconnecting now");
    fail_inflight(c, "connection reset", true, now_ms);
    c->auth_failed = false;
    c->backoff_ms = BACKOFF_FIRST_MS;
    start_connect(c, now_ms);
}

enum DbState db_conn_state(const struct DbConn *c)
{
    return c->state;
}

const char *db_conn_state_text(const struct DbConn *c, int64_t now_ms)
{
    switch (c->state) {
    case DB_IDLE:
        return "not connected";
    case DB_CONNECTING:
        return c->lookup ? "looking up the host name" : "connecting";
    case DB_READY:
        return "connected";
    case DB_BUSY:
        return c->timed_out ? "query timed out, cancelling" : "busy";
    case DB_RETRY_WAIT: {
        int64_t left = c->retry_at - now_ms;
        long secs = left > 0 ? (long)((left + 999) / 1000) : 0;
        snprintf(c->text, TEXT_SIZE, "reconnecting in %ld s", secs);
        return c->text;
    }
    case DB_FAILED:
        return c->auth_failed ? "login refused" : "connection failed";
    }
    return "";
}

const char *db_conn_last_error(const struct DbConn *c)
{
    return c->last_error;
}

int db_conn_server_version(const struct DbConn *c)
{
    return c->server_version;
}

int db_conn_backend_pid(const struct DbConn *c)
{
    return c->backend_pid;
}

const char *db_conn_host(const struct DbConn *c)
{
    return c->host;
}

const char *db_conn_dbname(const struct DbConn *c)
{
    return c->dbname;
}

const char *db_conn_user(const struct DbConn *c)
{
    return c->user;
}

int db_conn_queue_len(const struct DbConn *c)
{
    int n = c->inflight && !c->inflight->internal ? 1 : 0;
    for (const struct Pending *q = c->queue.head; q; q = q->next)
        n += q->internal ? 0 : 1;
    return n;
}
