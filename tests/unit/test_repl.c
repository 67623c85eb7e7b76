/* Replication with plain rows: the lag of a standby that has caught up, a paused replay, no WAL
 * receiver, standbys gone and acknowledged, what a role without pg_monitor sees, and the
 * statement's version gates. No server. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/model/health.h"
#include "src/queries/replication_sql.h"
#include "src/util/xalloc.h"

#define NC 8
/* Rows: kind, name, client, state, replay_bytes, replay_lag_s, retained_bytes, sent_bytes. */
static struct DbRows *raw(int n, const char *const (*rows)[NC])
{
    static const char *const names[NC] = {"kind",           "name",         "client",
                                          "state",          "replay_bytes", "replay_lag_s",
                                          "retained_bytes", "sent_bytes"};
    struct DbRows *r = db_rows_new(n, NC);
    for (int c = 0; c < NC; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < NC; c++)
            r->cells[i * NC + c] = rows[i][c] ? xstrdup(rows[i][c]) : NULL;
    return r;
}

static const struct Threshold lag = {30, 60};

static const char *get(const struct DbRows *r, int row, const char *col)
{
    return db_rows_get(r, row, db_rows_col(r, col));
}

static void test_standby_caught_up_and_paused(void **state)
{
    (void)state;
    struct HealthRepl r = {0};
    static const char *const idle[][NC] = {
        {"server", "standby", NULL, "not paused", "0", "0", NULL, NULL},
        {"wal receiver", "primary:5432", NULL, "streaming", NULL, NULL, NULL, NULL},
    };
    struct DbRows *a = raw(2, idle);
    health_repl_update(&r, a, &lag, 100);
    assert_true(r.standby);
    assert_int_equal(r.level, HL_OK);
    assert_null(r.alert);
    assert_true(r.lag_s == 0 && r.behind_bytes == 0);
    assert_string_equal(r.receiver, "streaming");
    struct DbRows *p = health_repl_present(&r, a, &lag, true);
    assert_int_equal(p->nrows, 2);
    assert_string_equal(get(p, 0, "kind"), "replay");
    assert_string_equal(get(p, 0, "state"), "replaying");
    assert_null(get(p, 0, "alert"));
    db_rows_free(&p);
    db_rows_free(&a);

    static const char *const paused[][NC] = {
        {"server", "standby", NULL, "paused", "2097152", "61.5", NULL, NULL},
        {"wal receiver", "primary:5432", NULL, "streaming", NULL, NULL, NULL, NULL},
    };
    a = raw(2, paused);
    health_repl_update(&r, a, &lag, 101);
    assert_int_equal(r.level, HL_CRIT);
    assert_non_null(strstr(r.alert, "PAUSED"));
    p = health_repl_present(&r, a, &lag, true);
    assert_string_equal(get(p, 0, "alert"), "CRIT");
    assert_string_equal(get(p, 0, "state"), "PAUSED");
    assert_string_equal(get(p, 0, "replay_bytes"), "2.0 MB");
    db_rows_free(&p);
    p = health_repl_present(&r, a, &lag, false);
    assert_string_equal(get(p, 0, "replay_bytes"), "2097152");
    db_rows_free(&p);
    db_rows_free(&a);
    health_repl_free(&r);
}

static void test_no_wal_receiver(void **state)
{
    (void)state;
    struct HealthRepl r = {0};
    static const char *const rows[][NC] = {
        {"server", "standby", NULL, "not paused", "0", "0", NULL, NULL},
    };
    struct DbRows *a = raw(1, rows);
    health_repl_update(&r, a, &lag, 100);
    assert_int_equal(r.level, HL_CRIT);
    assert_null(r.receiver);
    assert_false(r.receiver_hidden);
    struct DbRows *p = health_repl_present(&r, a, &lag, true);
    assert_int_equal(p->nrows, 2);
    assert_string_equal(get(p, 1, "kind"), "wal receiver");
    assert_string_equal(get(p, 1, "alert"), "CRIT");
    assert_string_equal(get(p, 1, "state"), "none");
    db_rows_free(&p);
    db_rows_free(&a);
    health_repl_free(&r);
}

static void test_gone_until_acknowledged(void **state)
{
    (void)state;
    struct HealthRepl r = {0};
    static const char *const two[][NC] = {
        {"server", "primary", NULL, NULL, NULL, NULL, NULL, NULL},
        {"standby", "s1", "10.0.0.2", "streaming", "0", NULL, NULL, "0"},
        {"standby", "s2", "10.0.0.3", "streaming", "0", "31", NULL, "0"},
        {"slot", "old", NULL, "inactive", NULL, NULL, "4096", NULL},
    };
    static const char *const one[][NC] = {
        {"server", "primary", NULL, NULL, NULL, NULL, NULL, NULL},
        {"standby", "s2", "10.0.0.3", "streaming", "0", NULL, NULL, "0"},
    };
    struct DbRows *a = raw(4, two), *b = raw(2, one);
    health_repl_update(&r, a, &lag, 100);
    assert_int_equal(r.standbys, 2);
    assert_int_equal(r.slots_idle, 1);
    assert_int_equal(r.level, HL_WARN); /* s2 at 31 s, the idle slot */
    assert_true(r.worst_lag_s == 31);
    struct DbRows *p = health_repl_present(&r, a, &lag, true);
    assert_int_equal(p->nrows, 3);                         /* the primary's own row is left out */
    assert_string_equal(get(p, 0, "replay_lag_s"), "0.0"); /* none measured: caught up */
    assert_string_equal(get(p, 2, "alert"), "WARN");
    db_rows_free(&p);
    health_repl_update(&r, b, &lag, 200);
    assert_int_equal(r.ngone, 1);
    assert_int_equal(r.level, HL_CRIT);
    assert_string_equal(r.alert, "standby s1 is gone");
    p = health_repl_present(&r, b, &lag, true);
    assert_int_equal(p->nrows, 2);
    assert_string_equal(get(p, 1, "state"), "GONE");
    assert_string_equal(get(p, 1, "client"), "10.0.0.2");
    db_rows_free(&p);
    health_repl_update(&r, b, &lag, 201); /* still gone, not twice */
    assert_int_equal(r.ngone, 1);
    assert_int_equal(health_repl_ack(&r), 1);
    health_repl_update(&r, b, &lag, 202);
    assert_int_equal(r.level, HL_OK);
    assert_int_equal(r.ngone, 0);
    health_repl_update(&r, a, &lag, 203); /* back: seen again, then gone again */
    health_repl_update(&r, b, &lag, 204);
    assert_int_equal(r.ngone, 1);
    health_repl_update(&r, a, &lag, 205); /* back again: no longer gone */
    assert_int_equal(r.ngone, 0);
    db_rows_free(&a);
    db_rows_free(&b);
    health_repl_free(&r);
}

static void test_hidden_from_role(void **state)
{
    (void)state;
    struct HealthRepl r = {0};
    static const char *const rows[][NC] = {
        {"server", "primary", NULL, NULL, NULL, NULL, NULL, NULL},
        {"standby", "s1", NULL, NULL, NULL, NULL, NULL, NULL},
    };
    struct DbRows *a = raw(2, rows);
    health_repl_update(&r, a, &lag, 100);
    assert_int_equal(r.hidden, 1);
    assert_int_equal(r.level, HL_OK);
    struct DbRows *p = health_repl_present(&r, a, &lag, true);
    assert_string_equal(get(p, 0, "state"), "hidden");
    assert_string_equal(get(p, 0, "sent_bytes"), "hidden");
    assert_string_equal(get(p, 0, "replay_lag_s"), "hidden");
    assert_string_equal(get(p, 0, "name"), "s1");
    db_rows_free(&p);
    db_rows_free(&a);
    health_repl_free(&r);
}

static void test_sql_version_gates(void **state)
{
    (void)state;
    char *s12 = replication_sql(120000), *s15 = replication_sql(150000);
    assert_null(strstr(s12, "pg_get_wal_replay_pause_state"));
    assert_non_null(strstr(s12, "pg_is_wal_replay_paused"));
    assert_non_null(strstr(s12, "w.received_lsn"));
    assert_null(strstr(s12, "wal_status"));
    assert_non_null(strstr(s15, "pg_get_wal_replay_pause_state"));
    assert_non_null(strstr(s15, "w.flushed_lsn"));
    assert_non_null(strstr(s15, "wal_status"));
    free(s12);
    free(s15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standby_caught_up_and_paused),
        cmocka_unit_test(test_no_wal_receiver),
        cmocka_unit_test(test_gone_until_acknowledged),
        cmocka_unit_test(test_hidden_from_role),
        cmocka_unit_test(test_sql_version_gates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
