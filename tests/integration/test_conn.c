/* The connection state machine against a real server: the libpq environment (PGHOST, PGPORT,
 * PGUSER, PGDATABASE) names it, and SALONDESK_FIXTURE_PORT / SALONDESK_FIXTURE_URL come from
 * tests/fixture/pgfixture. Nothing is skipped: a missing fixture is a failure. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first */
#include <cmocka.h>

#include "src/db/conn.h"
#include "src/db/dsn.h"
#include "src/util/log.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

/* No db_conn_* call may block the UI: the slowest one seen in a test, in ms. */
static int64_t slowest_call;
static const char *slowest_name = "";

#define TIMED(name, expr)                                                                          \
    do {                                                                                           \
        int64_t t0_ = db_now_ms();                                                                 \
        expr;                                                                                      \
        int64_t d_ = db_now_ms() - t0_;                                                            \
        if (d_ > slowest_call) {                                                                   \
            slowest_call = d_;                                                                     \
            slowest_name = name;                                                                   \
        }                                                                                          \
    } while (0)

enum { MAX_CALL_MS = 50 };

/* A backend this test stopped with SIGSTOP: always resumed in teardown. */
static pid_t stopped_pid;

/* --- results and callbacks ------------------------------------------------------------------ */

struct Got {
    bool done;
    int calls;
    bool ok, lost;
    char *error;
    char sqlstate[6];
    struct DbRows *rows;
    int order; /* sequence number of the callback */
};

static int callback_seq;
static bool in_submit; /* set around db_conn_submit: a callback must never run inside it */

static void got_cb(void *ud, struct DbResult *res)
{
    struct Got *g = ud;
    assert_false(in_submit);
    g->done = true;
    g->calls++;
    g->ok = res->ok;
    g->lost = res->lost;
    free(g->error);
    g->error = res->error ? xstrdup(res->error) : NULL;
    memcpy(g->sqlstate, res->sqlstate, sizeof g->sqlstate);
    db_rows_free(&g->rows);
    g->rows = res->rows; /* taken */
    res->rows = NULL;
    g->order = ++callback_seq;
}

static void got_clear(struct Got *g)
{
    free(g->error);
    db_rows_free(&g->rows);
    memset(g, 0, sizeof *g);
}

struct Notices {
    int n;
    char *first, *last;
};

static void notice_cb(void *ud, const char *msg)
{
    struct Notices *ns = ud;
    ns->n++;
    if (!ns->first)
        ns->first = xstrdup(msg);
    free(ns->last);
    ns->last = xstrdup(msg);
}

static int state_changes;

static void state_cb(void *ud)
{
    (void)ud;
    state_changes++;
}

/* --- driving the connection ----------------------------------------------------------------- */

typedef bool (*cond_fn)(struct DbConn *c, void *arg);

/* A tiny poll() loop like the app's: runs until cond holds or timeout_ms passes. */
static bool drive(struct DbConn *c, cond_fn cond, void *arg, int timeout_ms)
{
    int64_t end = db_now_ms() + timeout_ms;
    for (;;) {
        if (cond && cond(c, arg))
            return true;
        int64_t now = db_now_ms();
        if (now >= end)
            return cond == NULL;
        int fd, wait;
        short ev;
        int64_t dl;
        TIMED("fd", fd = db_conn_fd(c));
        TIMED("events", ev = db_conn_events(c));
        TIMED("deadline", dl = db_conn_deadline(c));
        wait = (int)(end - now);
        if (dl >= 0 && dl - now < wait)
            wait = dl > now ? (int)(dl - now) : 0;
        if (wait > 100)
            wait = 100;
        struct pollfd p = {.fd = fd, .events = ev, .revents = 0};
        int n = poll(&p, fd >= 0 ? 1 : 0, wait);
        if (n < 0 && errno != EINTR)
            fail_msg("poll: %s", strerror(errno));
        now = db_now_ms();
        if (n > 0 && p.revents)
            TIMED("handle", db_conn_handle(c, p.revents, now));
        TIMED("deadline", dl = db_conn_deadline(c));
        if (dl >= 0 && now >= dl)
            TIMED("tick", db_conn_tick(c, now));
    }
}

static bool cond_got(struct DbConn *c, void *arg)
{
    (void)c;
    return ((struct Got *)arg)->done;
}

static bool cond_state(struct DbConn *c, void *arg)
{
    return db_conn_state(c) == *(enum DbState *)arg;
}

static bool cond_ready(struct DbConn *c, void *arg)
{
    (void)arg;
    return db_conn_state(c) == DB_READY;
}

static bool cond_text(struct DbConn *c, void *arg)
{
    return strcmp(db_conn_state_text(c, db_now_ms()), (const char *)arg) == 0;
}

static void submit(struct DbConn *c, const char *sql, int n, const char *const *params,
                   struct Got *g)
{
    got_clear(g);
    in_submit = true;
    TIMED("submit", db_conn_submit(c, "test", sql, n, params, got_cb, g));
    in_submit = false;
    assert_false(g->done);
}

/* Runs one query to its end; fails the test after 10 s. */
static void run(struct DbConn *c, const char *sql, int n, const char *const *params, struct Got *g)
{
    submit(c, sql, n, params, g);
    if (!drive(c, cond_got, g, 10000))
        fail_msg("query did not finish: %s (state %s)", sql, db_conn_state_text(c, db_now_ms()));
    assert_int_equal(g->calls, 1);
}

/* One text value from a query that must succeed. */
static char *scalar(struct DbConn *c, const char *sql)
{
    struct Got g = {0};
    run(c, sql, 0, NULL, &g);
    if (!g.ok)
        fail_msg("%s: %s", sql, g.error ? g.error : "?");
    assert_non_null(g.rows);
    assert_int_equal(g.rows->nrows, 1);
    const char *v = db_rows_get(g.rows, 0, 0);
    char *out = xstrdup(v ? v : "(null)");
    got_clear(&g);
    return out;
}

static void assert_scalar(struct DbConn *c, const char *sql, const char *want)
{
    char *v = scalar(c, sql);
    if (strcmp(v, want) != 0)
        fail_msg("%s gave %s, want %s", sql, v, want);
    free(v);
}

static struct DbSession default_session(void)
{
    struct DbSession s = {
        .statement_timeout_ms = 5000,
        .lock_timeout_ms = 2000,
        .idle_tx_timeout_ms = 5000,
        .client_grace_ms = 1000,
        .read_only = true,
        .retry = true,
        .search_path = NULL,
    };
    return s;
}

/* Parses input (NULL: the environment) and connects; fails the test unless READY in 10 s. */
static struct DbConn *open_conn(const char *input, const struct DbSession *s, struct Dsn *dsn)
{
    char *err = NULL;
    if (!dsn_parse(input, dsn, &err))
        fail_msg("dsn: %s", err);
    struct DbConn *c;
    TIMED("new", c = db_conn_new(dsn, s));
    db_conn_set_state_cb(c, state_cb, NULL);
    TIMED("start", db_conn_start(c, db_now_ms()));
    if (!drive(c, cond_ready, NULL, 10000))
        fail_msg("not connected: %s / %s", db_conn_state_text(c, db_now_ms()),
                 db_conn_last_error(c) ? db_conn_last_error(c) : "");
    return c;
}

static void close_conn(struct DbConn **c, struct Dsn *dsn)
{
    TIMED("free", db_conn_free(c));
    assert_null(*c);
    dsn_free(dsn);
}

static char *tcp_dsn(void)
{
    const char *port = getenv("SALONDESK_FIXTURE_PORT");
    if (!port || !*port)
        fail_msg("SALONDESK_FIXTURE_PORT is not set: run under tests/fixture/pgfixture");
    return xasprintf("host=127.0.0.1 port=%s", port);
}

/* A side connection for the test's own checks (blocking is fine here). */
static PGconn *side_conn(void)
{
    PGconn *pg = PQconnectdb("application_name=salondesk_test");
    if (PQstatus(pg) != CONNECTION_OK)
        fail_msg("side connection: %s", PQerrorMessage(pg));
    return pg;
}

static char *side_scalar(PGconn *pg, const char *sql, const char *param)
{
    const char *params[1] = {param};
    PGresult *r = PQexecParams(pg, sql, param ? 1 : 0, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("side %s: %s", sql, PQresultErrorMessage(r));
    char *v = xstrdup(PQgetisnull(r, 0, 0) ? "(null)" : PQgetvalue(r, 0, 0));
    PQclear(r);
    return v;
}

/* Waits until the backend pid is gone from pg_stat_activity. */
static void side_wait_gone(PGconn *pg, int pid)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%d", pid);
    for (int i = 0; i < 100; i++) {
        char *n = side_scalar(pg, "select count(*) from pg_stat_activity where pid = $1::int", buf);
        bool gone = strcmp(n, "0") == 0;
        free(n);
        if (gone)
            return;
        usleep(20000);
    }
    fail_msg("backend %d did not go away", pid);
}

static void terminate(int pid)
{
    PGconn *pg = side_conn();
    char buf[32];
    snprintf(buf, sizeof buf, "%d", pid);
    char *v = side_scalar(pg, "select pg_terminate_backend($1::int)", buf);
    assert_string_equal(v, "t");
    free(v);
    side_wait_gone(pg, pid);
    PQfinish(pg);
}

/* A TCP port on 127.0.0.1: listening (but never accepting) when listen_fd is given, else
 * closed again so that nothing listens there. */
static int local_port(int *listen_fd)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    if (listen_fd) {
        assert_int_equal(listen(fd, 8), 0);
        *listen_fd = fd;
    } else {
        close(fd);
    }
    return ntohs(a.sin_port);
}

/* --- set-up ---------------------------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    slowest_call = 0;
    slowest_name = "";
    state_changes = 0;
    callback_seq = 0;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (stopped_pid > 0) {
        kill(stopped_pid, SIGCONT);
        stopped_pid = 0;
    }
    return 0;
}

static void assert_never_blocked(void)
{
    if (slowest_call >= MAX_CALL_MS)
        fail_msg("db_conn_%s took %lld ms", slowest_name, (long long)slowest_call);
}

/* --- tests ------------------------------------------------------------------------------------ */

static void test_connect_and_query(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct DbSession s = default_session();
    struct DbConn *c = open_conn(NULL, &s, &dsn);
    assert_true(db_conn_server_version(c) >= 100000);
    assert_true(db_conn_backend_pid(c) > 0);
    assert_non_null(db_conn_host(c));
    assert_non_null(db_conn_dbname(c));
    assert_non_null(db_conn_user(c));
    assert_string_equal(db_conn_state_text(c, db_now_ms()), "connected");
    assert_null(db_conn_last_error(c));
    assert_true(state_changes > 0);

    struct Got g = {0};
    const char *params[2] = {"41", NULL};
    run(c, "select $1::int + 1 as n, $2::text as z, 'x' as s", 2, params, &g);
    assert_true(g.ok);
    assert_false(g.lost);
    assert_null(g.error);
    assert_non_null(g.rows);
    assert_int_equal(g.rows->nrows, 1);
    assert_int_equal(g.rows->ncols, 3);
    assert_int_equal(db_rows_col(g.rows, "n"), 0);
    assert_int_equal(db_rows_col(g.rows, "z"), 1);
    assert_int_equal(db_rows_col(g.rows, "nope"), -1);
    assert_string_equal(db_rows_get(g.rows, 0, 0), "42");
    assert_null(db_rows_get(g.rows, 0, 1));
    assert_null(db_rows_get(g.rows, 1, 0));
    got_clear(&g);

    /* a queue: FIFO, one callback each, never from inside submit */
    struct Got q[4];
    memset(q, 0, sizeof q);
    submit(c, "select pg_sleep(0.05)", 0, NULL, &q[0]);
    submit(c, "select generate_series(1, 1000)", 0, NULL, &q[1]);
    submit(c, "select 1/0", 0, NULL, &q[2]);
    submit(c, "select 'last'", 0, NULL, &q[3]);
    assert_int_equal(db_conn_queue_len(c), 4);
    assert_string_equal(db_conn_state_text(c, db_now_ms()), "busy");
    assert_true(drive(c, cond_got, &q[3], 10000));
    for (int i = 0; i < 4; i++) {
        assert_int_equal(q[i].calls, 1);
        assert_int_equal(q[i].order, callback_seq - 3 + i);
    }
    assert_int_equal(q[1].rows->nrows, 1000);
    assert_false(q[2].ok);
    assert_false(q[2].lost);
    assert_string_equal(q[2].sqlstate, "22012");
    assert_true(q[3].ok);
    assert_int_equal(db_conn_queue_len(c), 0);
    for (int i = 0; i < 4; i++)
        got_clear(&q[i]);

    /* over TCP as well, with a password the fixture's trust auth ignores (it must not be logged) */
    char *tcp = tcp_dsn();
    char *with_pw = xasprintf("%s password=Sekrit_PW_4711", tcp);
    free(tcp);
    tcp = with_pw;
    struct Dsn dsn2;
    struct DbConn *c2 = open_conn(tcp, &s, &dsn2);
    assert_scalar(c2, "select inet_client_addr() is not null", "t");
    close_conn(&c2, &dsn2);
    free(tcp);

    close_conn(&c, &dsn);
    assert_never_blocked();
}

static void test_prisma_url(void **state)
{
    (void)state;
    const char *url = getenv("SALONDESK_FIXTURE_URL");
    if (!url || !*url)
        fail_msg("SALONDESK_FIXTURE_URL is not set: run under tests/fixture/pgfixture");
    assert_non_null(strstr(url, "schema="));
    struct Dsn dsn;
    struct DbSession s = default_session();
    struct DbConn *c = open_conn(url, &s, &dsn);
    assert_string_equal(dsn.search_path, "public");
    assert_true(dsn.nnotes >= 2);
    assert_scalar(c, "SHOW search_path", "public");
    close_conn(&c, &dsn);

    /* a schema name that needs quoting reaches the server as one identifier */
    struct Dsn dsn2;
    char *err = NULL;
    char *quoted = xasprintf("%s&schema=My%%20Schema", url);
    struct DbConn *c2 = open_conn(quoted, &s, &dsn2);
    assert_scalar(c2, "SHOW search_path", "\"My Schema\"");
    close_conn(&c2, &dsn2);
    free(quoted);
    free(err);
    assert_never_blocked();
}

static void test_session_settings(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct DbSession s = default_session();
    struct DbConn *c = open_conn(NULL, &s, &dsn);
    assert_scalar(c, "SHOW statement_timeout", "5s");
    assert_scalar(c, "SHOW lock_timeout", "2s");
    assert_scalar(c, "SHOW idle_in_transaction_session_timeout", "5s");
    assert_scalar(c, "SHOW transaction_read_only", "on");
    assert_scalar(c, "SHOW application_name", "salondesk");
    assert_scalar(c, "select current_setting('transaction_read_only')", "on");
    close_conn(&c, &dsn);

    s.read_only = false;
    s.statement_timeout_ms = 0;
    s.search_path = "pg_catalog";
    c = open_conn(NULL, &s, &dsn);
    assert_scalar(c, "SHOW transaction_read_only", "off");
    assert_scalar(c, "SHOW statement_timeout", "0");
    assert_scalar(c, "SHOW search_path", "pg_catalog");
    close_conn(&c, &dsn);
    assert_never_blocked();
}

static void test_write_fails_read_only(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct DbSession s = default_session();
    struct DbConn *c = open_conn(NULL, &s, &dsn);
    struct Got g = {0};
    run(c, "create table salondesk_conn_ro_probe (x int)", 0, NULL, &g);
    assert_false(g.ok);
    assert_false(g.lost);
    assert_string_equal(g.sqlstate, "25006");
    assert_non_null(strstr(g.error, "read-only"));
    assert_null(g.rows);
    got_clear(&g);
    assert_int_equal(db_conn_state(c), DB_READY);
    assert_scalar(c, "select 1", "1");
    close_conn(&c, &dsn);
    assert_never_blocked();
}

static void test_error_echoes_escape_raw(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct DbSession s = default_session();
    struct DbConn *c = open_conn(NULL, &s, &dsn);
    struct Got g = {0};
    const char *params[1] = {"\x1b[2J"};
    run(c, "select $1::int", 1, params, &g);
    assert_false(g.ok);
    assert_string_equal(g.sqlstate, "22P02");
    assert_non_null(strstr(g.error, "\x1b[2J"));
    assert_null(strchr(g.error + strlen(g.error) - 1, '\n'));
    got_clear(&g);
    close_conn(&c, &dsn);
    assert_never_blocked();
}

static void test_notice_not_on_stderr(void **state)
{
    (void)state;
    char path[] = "/tmp/salondesk_conn_stderr.XXXXXX";
    int tmp = mkstemp(path);
    assert_true(tmp >= 0);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0);
    dup2(tmp, 2);

    struct Dsn dsn;
    struct DbSession s = default_session();
    struct DbConn *c = open_conn(NULL, &s, &dsn);
    struct Notices ns = {0};
    db_conn_set_notice_cb(c, notice_cb, &ns);
    struct Got g = {0};
    run(c, "DO $$BEGIN RAISE NOTICE 'x%', chr(27); END$$", 0, NULL, &g);
    bool ok = g.ok;
    got_clear(&g);
    /* a notice while idle (the unsolicited FATAL of a terminated backend arrives this way) */
    int pid = db_conn_backend_pid(c);
    terminate(pid);
    enum DbState want = DB_RETRY_WAIT;
    bool noticed_loss = drive(c, cond_state, &want, 2000);
    close_conn(&c, &dsn);

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    assert_int_equal(fstat(tmp, &st), 0);
    close(tmp);
    unlink(path);

    assert_true(ok);
    assert_true(noticed_loss);
    assert_int_equal(st.st_size, 0);
    assert_true(ns.n >= 2);
    assert_non_null(ns.first);
    /* raw: the ESC arrives as sent, the UI sanitises */
    if (!strstr(ns.first, "NOTICE:  x\x1b"))
        fail_msg("notice: %s", ns.first);
    assert_int_not_equal(ns.first[strlen(ns.first) - 1], '\n');
    /* the FATAL the server sent before closing reached the callback too */
    if (!strstr(ns.last, "terminating connection"))
        fail_msg("last notice: %s", ns.last);
    free(ns.first);
    free(ns.last);
    assert_never_blocked();
}

static void test_lost_connection(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct DbSession s = default_session();
    s.statement_timeout_ms = 4321;
    struct DbConn *c = open_conn(NULL, &s, &dsn);
    int pid1 = db_conn_backend_pid(c);
    terminate(pid1);

    /* libpq does not know yet: the next query is sent and fails as lost */
    struct Got g = {0}, queued = {0};
    submit(c, "select 1", 0, NULL, &g);
    submit(c, "select 2", 0, NULL, &queued);
    assert_true(drive(c, cond_got, &g, 5000));
    assert_false(g.ok);
    assert_true(g.lost);
    assert_non_null(g.error);
    assert_true(queued.done);
    assert_true(queued.lost);
    assert_true(g.order < queued.order);
    assert_non_null(db_conn_last_error(c));
    assert_int_equal(db_conn_state(c), DB_RETRY_WAIT);
    assert_true(str_starts(db_conn_state_text(c, db_now_ms()), "reconnecting in "));
    got_clear(&g);
    got_clear(&queued);

    int64_t t0 = db_now_ms();
    assert_true(drive(c, cond_ready, NULL, 5000));
    assert_true(db_now_ms() - t0 < 3000);
    int pid2 = db_conn_backend_pid(c);
    assert_true(pid2 > 0);
    assert_int_not_equal(pid1, pid2);
    assert_scalar(c, "SHOW statement_timeout", "4321ms");
    assert_scalar(c, "SHOW transaction_read_only", "on");
    assert_scalar(c, "SHOW application_name", "salondesk");

    /* db_conn_reconnect: a new backend at once; the query in flight ends as lost */
    submit(c, "select pg_sleep(2)", 0, NULL, &g);
    TIMED("reconnect", db_conn_reconnect(c, db_now_ms()));
    assert_false(g.done);
    assert_true(drive(c, cond_got, &g, 1000));
    assert_true(g.lost);
    got_clear(&g);
    assert_true(drive(c, cond_ready, NULL, 5000));
    assert_int_not_equal(db_conn_backend_pid(c), pid2);
    assert_scalar(c, "select 3", "3");

    close_conn(&c, &dsn);
    assert_never_blocked();
}

static void test_refused(void **state)
{
    (void)state;
    int port = local_port(NULL);
    char *conninfo = xasprintf("host=127.0.0.1 port=%d", port);
    char *err = NULL;
    struct Dsn dsn;
    assert_true(dsn_parse(conninfo, &dsn, &err));
    struct DbSession s = default_session();
    struct DbConn *c;
    TIMED("new", c = db_conn_new(&dsn, &s));
    struct Got g = {0};
    submit(c, "select 1", 0, NULL, &g); /* queued before start */
    TIMED("start", db_conn_start(c, db_now_ms()));
    enum DbState want = DB_RETRY_WAIT;
    assert_true(drive(c, cond_state, &want, 3000));
    assert_non_null(db_conn_last_error(c));
    if (!str_icontains(db_conn_last_error(c), "refused"))
        fail_msg("last error: %s", db_conn_last_error(c));
    assert_true(drive(c, cond_got, &g, 1000));
    assert_true(g.lost);
    assert_false(g.ok);
    got_clear(&g);
    assert_string_equal(db_conn_state_text(c, db_now_ms()), "reconnecting in 1 s");
    /* the second attempt fails too; the wait doubles */
    want = DB_CONNECTING;
    assert_true(drive(c, cond_state, &want, 2000));
    want = DB_RETRY_WAIT;
    assert_true(drive(c, cond_state, &want, 2000));
    assert_string_equal(db_conn_state_text(c, db_now_ms()), "reconnecting in 2 s");
    close_conn(&c, &dsn);

    s.retry = false;
    assert_true(dsn_parse(conninfo, &dsn, &err));
    c = db_conn_new(&dsn, &s);
    TIMED("start", db_conn_start(c, db_now_ms()));
    want = DB_FAILED;
    assert_true(drive(c, cond_state, &want, 3000));
    assert_string_equal(db_conn_state_text(c, db_now_ms()), "connection failed");
    assert_true(str_icontains(db_conn_last_error(c), "refused"));
    /* a query submitted now fails at the next tick, not inside submit */
    submit(c, "select 1", 0, NULL, &g);
    assert_true(drive(c, cond_got, &g, 1000));
    assert_false(g.ok);
    got_clear(&g);
    close_conn(&c, &dsn);
    free(conninfo);
    assert_never_blocked();
}

static void test_connect_timeout(void **state)
{
    (void)state;
    int lfd = -1;
    int port = local_port(&lfd);
    char *conninfo = xasprintf("host=127.0.0.1 port=%d connect_timeout=1", port);
    char *err = NULL;
    struct Dsn dsn;
    assert_true(dsn_parse(conninfo, &dsn, &err));
    struct DbSession s = default_session();
    s.retry = false;
    struct DbConn *c = db_conn_new(&dsn, &s);
    int64_t t0 = db_now_ms();
    TIMED("start", db_conn_start(c, t0));
    enum DbState want = DB_FAILED;
    assert_true(drive(c, cond_state, &want, 5000));
    int64_t took = db_now_ms() - t0;
    if (took < 900 || took >= 3000)
        fail_msg("connect timeout after %lld ms", (long long)took);
    assert_string_equal(db_conn_last_error(c), "timeout expired while connecting");
    close_conn(&c, &dsn);
    close(lfd);
    free(conninfo);
    assert_never_blocked();
}

static bool cond_sleep_ms(struct DbConn *c, void *arg)
{
    (void)c;
    return db_now_ms() >= *(int64_t *)arg;
}

static void pause_ms(struct DbConn *c, int ms)
{
    int64_t until = db_now_ms() + ms;
    drive(c, cond_sleep_ms, &until, ms + 1000);
}

/* Stops the backend during pg_sleep(0.2): the client deadline (statement_timeout + grace) passes
 * and a cancel is requested. */
static struct DbConn *stop_during_query(struct Dsn *dsn, struct Got *g, int *pid, int64_t *sent)
{
    struct DbSession s = default_session();
    s.statement_timeout_ms = 1000;
    s.client_grace_ms = 500;
    struct DbConn *c = open_conn(NULL, &s, dsn);
    *pid = db_conn_backend_pid(c);
    *sent = db_now_ms();
    submit(c, "select pg_sleep(0.2)", 0, NULL, g);
    pause_ms(c, 30);
    assert_false(g->done);
    stopped_pid = *pid;
    assert_int_equal(kill(*pid, SIGSTOP), 0);
    assert_true(drive(c, cond_text, "query timed out, cancelling", 3000));
    int64_t took = db_now_ms() - *sent;
    if (took < 1400 || took > 2000)
        fail_msg("timed out after %lld ms", (long long)took);
    assert_false(g->done);
    return c;
}

static void test_client_deadline_cancel(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct Got g = {0};
    int pid;
    int64_t sent;
    struct DbConn *c = stop_during_query(&dsn, &g, &pid, &sent);
    pause_ms(c, 800); /* the cancel request is on its way to the stopped backend */
    kill(pid, SIGCONT);
    stopped_pid = 0;
    assert_true(drive(c, cond_got, &g, 3000));
    assert_false(g.ok);
    assert_false(g.lost);
    assert_string_equal(g.sqlstate, "57014");
    got_clear(&g);
    assert_int_equal(db_conn_state(c), DB_READY);
    assert_int_equal(db_conn_backend_pid(c), pid);
    assert_scalar(c, "select 'usable'", "usable");

    /* db_conn_cancel on a long query */
    submit(c, "select pg_sleep(10)", 0, NULL, &g);
    pause_ms(c, 100);
    TIMED("cancel", db_conn_cancel(c));
    assert_true(drive(c, cond_got, &g, 2000));
    assert_string_equal(g.sqlstate, "57014");
    assert_false(g.lost);
    got_clear(&g);
    close_conn(&c, &dsn);
    assert_never_blocked();
}

static void test_client_deadline_lost(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct Got g = {0};
    int pid;
    int64_t sent;
    struct DbConn *c = stop_during_query(&dsn, &g, &pid, &sent);
    /* still stopped 3 s after the cancel: the connection is given up */
    assert_true(drive(c, cond_got, &g, 5000));
    int64_t took = db_now_ms() - sent;
    if (took < 4000 || took > 5500)
        fail_msg("lost after %lld ms", (long long)took);
    assert_false(g.ok);
    assert_true(g.lost);
    assert_non_null(strstr(g.error, "did not answer"));
    got_clear(&g);
    assert_true(drive(c, cond_ready, NULL, 5000));
    assert_int_not_equal(db_conn_backend_pid(c), pid);
    assert_scalar(c, "SHOW statement_timeout", "1s");
    assert_scalar(c, "select 'usable'", "usable");
    kill(pid, SIGCONT);
    stopped_pid = 0;
    close_conn(&c, &dsn);
    assert_never_blocked();
}

static void test_free_completes_pending(void **state)
{
    (void)state;
    struct Dsn dsn;
    struct DbSession s = default_session();
    struct DbConn *c = open_conn(NULL, &s, &dsn);
    struct Got a = {0}, b = {0};
    submit(c, "select pg_sleep(5)", 0, NULL, &a);
    submit(c, "select 1", 0, NULL, &b);
    close_conn(&c, &dsn);
    assert_true(a.done && b.done);
    assert_false(a.ok || a.lost || b.ok || b.lost);
    assert_string_equal(a.error, "closed");
    assert_string_equal(b.error, "closed");
    assert_true(a.order < b.order);
    got_clear(&a);
    got_clear(&b);

    /* never started: queued queries end as "closed" too */
    char *err = NULL;
    assert_true(dsn_parse(NULL, &dsn, &err));
    c = db_conn_new(&dsn, &s);
    assert_string_equal(db_conn_state_text(c, db_now_ms()), "not connected");
    assert_int_equal(db_conn_fd(c), -1);
    assert_int_equal(db_conn_deadline(c), -1);
    submit(c, "select 1", 0, NULL, &a);
    close_conn(&c, &dsn);
    assert_true(a.done);
    assert_string_equal(a.error, "closed");
    got_clear(&a);
    assert_never_blocked();
}

static char log_path[] = "/tmp/salondesk_conn_log.XXXXXX";

/* Runs last: the debug log tells the story without secrets or parameters. */
static void test_log(void **state)
{
    (void)state;
    log_close();
    FILE *f = fopen(log_path, "r");
    assert_non_null(f);
    struct StrBuf sb;
    sb_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_appendn(&sb, buf, n);
    fclose(f);
    const char *want[] = {"db: connecting to",
                          "db: connected to",
                          "db: query test",
                          "db: connection lost",
                          "db: reconnecting in",
                          "timed out after",
                          "db: cancel requested",
                          "db: connection failed",
                          "timeout expired while connecting",
                          "dropped Prisma parameter schema"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(sb.s, want[i]))
            fail_msg("log lacks %s", want[i]);
    assert_null(strstr(sb.s, "Sekrit_PW_4711"));
    assert_null(strstr(sb.s, "\x1b"));
    sb_free(&sb);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    int lfd = mkstemp(log_path);
    assert_true(lfd >= 0);
    close(lfd);
    char *err = NULL;
    if (!log_open(log_path, &err))
        fail_msg("log: %s", err);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_connect_and_query, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prisma_url, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_fails_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_echoes_escape_raw, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notice_not_on_stderr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lost_connection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_connect_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_deadline_cancel, setup, teardown),
        cmocka_unit_test_setup_teardown(test_client_deadline_lost, setup, teardown),
        cmocka_unit_test_setup_teardown(test_free_completes_pending, setup, teardown),
        cmocka_unit_test(test_log),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(log_path);
    if (stopped_pid > 0)
        kill(stopped_pid, SIGCONT);
    return rc;
}
