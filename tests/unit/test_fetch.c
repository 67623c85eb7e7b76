/* The tab models' fetch logic without a server: a recording Fetcher stands where the
 * connection is, and each statement is answered with a recorded result (rows, a server error,
 * a lost connection). What is checked is what the user sees: which statements go out, when a
 * refresh is due, and what the view keeps when a fetch fails. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "src/app.h"
#include "src/model/bookings.h"
#include "src/model/fetch.h"
#include "src/util/xalloc.h"
#include "tests/unit/rows_util.h"

/* --- a recording Fetcher ------------------------------------------------------------------- */

#define MAX_SENT 16

struct Sent {
    char *name;
    char *sql;
    db_done_fn done;
    void *ud;
};

static struct Recorder {
    struct Sent sent[MAX_SENT];
    int nsent; /* submitted so far */
    int nopen; /* submitted and not answered */
    int next;  /* the oldest unanswered */
} rec;

static void rec_submit(void *ctx, const char *name, const char *sql, int nparams,
                       const char *const *params, db_done_fn done, void *ud)
{
    (void)ctx, (void)nparams, (void)params;
    assert_true(rec.nsent < MAX_SENT);
    struct Sent *s = &rec.sent[rec.nsent++];
    s->name = xstrdup(name);
    s->sql = xstrdup(sql);
    s->done = done;
    s->ud = ud;
    rec.nopen++;
}

static int rec_pending(void *ctx)
{
    (void)ctx;
    return rec.nopen;
}

/* Answers the oldest open statement with res. */
static void answer(struct DbResult *res)
{
    assert_true(rec.nopen > 0);
    struct Sent *s = &rec.sent[rec.next++];
    rec.nopen--;
    s->done(s->ud, res);
    db_rows_free(&res->rows);
}

static void answer_rows(struct DbRows *rows, double elapsed_ms)
{
    struct DbResult res = {.ok = true, .rows = rows, .elapsed_ms = elapsed_ms};
    answer(&res);
}

static void answer_error(const char *words)
{
    char *e = xstrdup(words);
    struct DbResult res = {.ok = false, .error = e};
    answer(&res);
    free(e);
}

static void answer_lost(void)
{
    struct DbResult res = {.ok = false, .lost = true};
    answer(&res);
}

static void rec_reset(void)
{
    for (int i = 0; i < rec.nsent; i++) {
        free(rec.sent[i].name);
        free(rec.sent[i].sql);
    }
    memset(&rec, 0, sizeof rec);
}

/* --- an app with a discovered schema ------------------------------------------------------- */

/* The platform's salons and bookings as discovery reports them, every column readable. */
static void discover(struct Schema *s)
{
    static const char *const names[] = {"table", "column", "type", "enum", "tsel", "csel", NULL};
    static const char *const t[] = {"salons", "bookings"};
    static const char *const cols[][8] = {
        {"id", "name", "is_active", "timezone", NULL},
        {"id", "salon_id", "start_ts", "end_ts", "customer_name", "customer_phone", "status", NULL},
    };
    int n = 0;
    const char *cells[16 * 6];
    for (int i = 0; i < 2; i++) {
        for (int c = 0; cols[i][c]; c++, n++) {
            const char *row[6] = {t[i], cols[i][c], "text", "f", "t", "t"};
            memcpy(&cells[n * 6], row, sizeof row);
        }
    }
    struct DbRows *r = make_rows(n, names, cells);
    schema_set_columns(s, r);
    db_rows_free(&r);
}

static struct App app;

static int setup(void **state)
{
    (void)state;
    memset(&app, 0, sizeof app);
    rec_reset();
    app.fetch.submit = rec_submit;
    app.fetch.pending = rec_pending;
    app.refresh_ms = 2000;
    for (int v = 0; v < VIEW__COUNT; v++) {
        td_init(&app.views[v]);
        app.view_ctx[v].app = &app;
        app.view_ctx[v].view = (enum ViewId)v;
    }
    for (int v = 0; v < VIEW__COUNT; v++)
        app.models[v] = v == VIEW_BOOKINGS ? &bookings_tab_model : &table_tab_model;
    discover(&app.schema);
    app.discovered = true;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int v = 0; v < VIEW__COUNT; v++) {
        if (app.models[v] && app.models[v]->done)
            app.models[v]->done(&app, (enum ViewId)v);
        td_free(&app.views[v]);
    }
    schema_clear(&app.schema);
    free(app.message);
    rec_reset();
    return 0;
}

static struct DbRows *salon_rows(const char *name)
{
    static const char *const names[] = {"id", "name", NULL};
    const char *cells[] = {"5d0c6f0e-0000-4000-8000-000000000001", name};
    return make_rows(1, names, cells);
}

/* --- the ladder ------------------------------------------------------------------------------ */

static void test_settle_ladder(void **state)
{
    (void)state;
    struct FetchStatus st = {0};
    struct DbResult ok = {.ok = true, .elapsed_ms = 4.5};
    struct DbResult failed = {.ok = false, .error = "permission denied for table bookings"};
    struct DbResult lost = {.ok = false, .lost = true};

    assert_int_equal(fetch_settle(&st, &lost, 5), FETCH_LOST);
    assert_false(st.stale); /* nothing was shown: nothing is stale */
    assert_int_equal(fetch_settle(&st, &failed, 10), FETCH_FAILED);
    assert_string_equal(st.error, "permission denied for table bookings");
    assert_false(st.stale);
    assert_int_equal(st.updated, 0); /* no data yet: nothing to date */

    assert_int_equal(fetch_settle(&st, &ok, 20), FETCH_OK);
    assert_null(st.error);
    assert_int_equal(st.updated, 20);
    assert_true(st.latency_ms == 4.5);

    /* A lost connection keeps the data and its date, marked stale. */
    assert_int_equal(fetch_settle(&st, &lost, 30), FETCH_LOST);
    assert_true(st.stale);
    assert_null(st.error);
    assert_int_equal(st.updated, 20);

    assert_int_equal(fetch_settle(&st, &ok, 40), FETCH_OK);
    assert_false(st.stale);
    fetch_status_free(&st);
}

/* --- the generic table model (Salons) ------------------------------------------------------- */

static void pump(enum ViewId v, bool visible, int64_t now)
{
    table_tab_model.pump(&app, v, visible, now);
}

static void test_table_fetches_only_when_shown_and_due(void **state)
{
    (void)state;
    table_tab_model.discovered(&app, VIEW_SALONS);
    pump(VIEW_SALONS, false, db_now_ms());
    assert_int_equal(rec.nsent, 0); /* a tab not on screen costs the server nothing */
    app.tab = VIEW_SALONS;
    assert_true(table_tab_model.deadline(&app, VIEW_SALONS) >= 0);

    pump(VIEW_SALONS, true, db_now_ms());
    assert_int_equal(rec.nsent, 1);
    assert_true(app.views[VIEW_SALONS].loading);
    /* While its statement is on the wire no refresh is due: a deadline now would spin poll(). */
    assert_int_equal(table_tab_model.deadline(&app, VIEW_SALONS), -1);
    pump(VIEW_SALONS, true, db_now_ms() + 60000);
    assert_int_equal(rec.nsent, 1);

    int64_t before = db_now_ms();
    answer_rows(salon_rows("Salon Ana"), 3.0);
    assert_false(app.views[VIEW_SALONS].loading);
    assert_non_null(app.views[VIEW_SALONS].rows);
    /* A fast statement refreshes at the configured interval, counted from its end. */
    int64_t due = app.next_due[VIEW_SALONS];
    assert_true(due >= before + 2000 && due <= db_now_ms() + 2000);
    /* The second statement (the salons' message counts) follows the list. */
    while (rec.nopen > 0)
        answer_rows(salon_rows("Salon Ana"), 1.0);
    pump(VIEW_SALONS, true, due - 1);
    int sent = rec.nsent;
    pump(VIEW_SALONS, true, due - 1);
    assert_int_equal(rec.nsent, sent);
    pump(VIEW_SALONS, true, due);
    assert_int_equal(rec.nsent, sent + 1);
}

static void test_table_slow_statement_backs_off(void **state)
{
    (void)state;
    table_tab_model.discovered(&app, VIEW_SALONS);
    app.tab = VIEW_SALONS;
    pump(VIEW_SALONS, true, db_now_ms());
    int64_t before = db_now_ms();
    answer_rows(salon_rows("Salon Ana"), 1600.0);
    /* 1.6 s of server time is repeated no more than a tenth of the time. */
    assert_true(app.next_due[VIEW_SALONS] >= before + 14400);
}

static void test_table_keeps_rows_through_failures(void **state)
{
    (void)state;
    table_tab_model.discovered(&app, VIEW_SALONS);
    app.tab = VIEW_SALONS;
    struct TableData *td = &app.views[VIEW_SALONS];
    pump(VIEW_SALONS, true, db_now_ms());
    answer_rows(salon_rows("Salon Ana"), 1.0);
    while (rec.nopen > 0)
        answer_rows(salon_rows("Salon Ana"), 1.0);

    table_tab_model.refresh(&app, VIEW_SALONS);
    answer_lost();
    assert_true(td->stale);
    assert_non_null(td->rows); /* what was shown stays, marked stale */
    assert_string_equal(db_rows_get(td->rows, 0, 1), "Salon Ana");
    assert_null(app.message); /* a lost connection is the status line's news, not an error */

    table_tab_model.refresh(&app, VIEW_SALONS);
    answer_error("canceling statement due to statement timeout");
    assert_non_null(td->error);
    assert_non_null(app.message);
    assert_non_null(strstr(app.message, "statement timeout")); /* the server's own words */
    assert_non_null(td->rows);
}

static void test_table_without_access_sends_nothing(void **state)
{
    (void)state;
    schema_clear(&app.schema);
    schema_set_columns(&app.schema, NULL); /* discovered: the role reads no table */
    table_tab_model.discovered(&app, VIEW_SALONS);
    app.tab = VIEW_SALONS;
    pump(VIEW_SALONS, true, db_now_ms());
    assert_int_equal(rec.nsent, 0);
    assert_non_null(app.views[VIEW_SALONS].noaccess);
    /* and no deadline either: nothing a refresh could change (idle CPU stays at 0) */
    assert_int_equal(table_tab_model.deadline(&app, VIEW_SALONS), -1);
}

/* --- the bookings model: answers that come too late -------------------------------------- */

#define SALON_A "5d0c6f0e-0000-4000-8000-00000000000a"
#define SALON_B "5d0c6f0e-0000-4000-8000-00000000000b"

/* A period's rows: one booking today at noon UTC for salon, by customer. */
static struct DbRows *booking_rows(const char *salon, const char *customer)
{
    static const char *const names[] = {"id",        "salon_id", "salon",    "start_utc", "end_utc",
                                        "duration",  "code",     "customer", "phone",     "service",
                                        "master_id", "master",   "status",   NULL};
    char start[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(start, sizeof start, "%Y-%m-%d 12:00:00", &tm);
    const char *cells[] = {"b-1",    salon,      "Salon", start, NULL, "60",       "BK-1",
                           customer, "+3519000", "Cut",   NULL,  NULL, "CONFIRMED"};
    return make_rows(1, names, cells);
}

/* Answers every open statement: periods with a booking of salon by customer, the salon
 * lookup with salon B. */
static void answer_all(const char *salon, const char *customer)
{
    while (rec.nopen > 0) {
        const char *name = rec.sent[rec.next].name;
        if (strcmp(name, "bookings_salon") == 0) {
            static const char *const names[] = {"id", "name", NULL};
            const char *cells[] = {SALON_B, "Salon B"};
            answer_rows(make_rows(1, names, cells), 1.0);
        } else {
            answer_rows(booking_rows(salon, customer), 1.0);
        }
    }
}

static void test_bookings_late_answer_for_another_salon(void **state)
{
    (void)state;
    const struct TabModel *tm = &bookings_tab_model;
    tm->discovered(&app, VIEW_BOOKINGS);
    app.tab = VIEW_BOOKINGS;
    tm->pump(&app, VIEW_BOOKINGS, true, db_now_ms());
    assert_true(rec.nopen > 0); /* every salon's period, and its neighbours */
    int first = rec.nsent;

    /* Threads sends the user to salon B while salon A's rows are still on the wire. */
    tm->open(&app, VIEW_BOOKINGS, SALON_B, NULL);
    tm->pump(&app, VIEW_BOOKINGS, true, db_now_ms());
    struct BookingsModel *m = app.model[VIEW_BOOKINGS];
    for (int i = 0; i < first; i++)
        answer_rows(booking_rows(SALON_A, "Ana of salon A"), 1.0);
    assert_int_equal(m->nitems, 0); /* nothing of the other salon is shown */
    assert_int_equal(m->fs.updated, 0);

    answer_all(SALON_B, "Bea of salon B");
    assert_string_equal(m->salon_id, SALON_B);
    assert_int_equal(m->nitems, 1);
    assert_string_equal(m->items[0].customer, "Bea of salon B");
    assert_true(m->fs.updated != 0);
}

static void test_bookings_failure_keeps_the_calendar(void **state)
{
    (void)state;
    const struct TabModel *tm = &bookings_tab_model;
    tm->discovered(&app, VIEW_BOOKINGS);
    app.tab = VIEW_BOOKINGS;
    tm->pump(&app, VIEW_BOOKINGS, true, db_now_ms());
    answer_all(SALON_A, "Ana");
    struct BookingsModel *m = app.model[VIEW_BOOKINGS];
    assert_int_equal(m->nitems, 1);

    tm->refresh(&app, VIEW_BOOKINGS);
    assert_true(rec.nopen > 0);
    answer_lost();
    assert_true(m->fs.stale);
    assert_int_equal(m->nitems, 1);
    assert_null(app.message);
    answer_all(SALON_A, "Ana");

    tm->refresh(&app, VIEW_BOOKINGS);
    answer_error("canceling statement due to statement timeout");
    assert_non_null(m->fs.error);
    assert_non_null(strstr(app.message, "statement timeout"));
    assert_int_equal(m->nitems, 1); /* the calendar stays; the status line says why */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settle_ladder),
        cmocka_unit_test_setup_teardown(test_table_fetches_only_when_shown_and_due, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_table_slow_statement_backs_off, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_keeps_rows_through_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table_without_access_sends_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bookings_late_answer_for_another_salon, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bookings_failure_keeps_the_calendar, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
