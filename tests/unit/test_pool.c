/* The pooler's figures with plain rows shaped as PgBouncer 1.18 sends them: columns read by
 * name (an older version without the cancel columns works too), the pool's use against
 * default_pool_size or the database's own pool_size, max_db_connections and max_client_conn at
 * the 80/95 % thresholds, the admin console's own pool left out, and what is said without
 * figures; which admin console a DSN and a profile's pooler_admin give. No server. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/db/admin.h"
#include "src/model/health.h"
#include "src/util/xalloc.h"

static struct DbRows *rows(int nc, const char *const *names, int n, const char *const *cells)
{
    struct DbRows *r = db_rows_new(n, nc);
    for (int c = 0; c < nc; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < n * nc; i++)
        r->cells[i] = cells[i] ? xstrdup(cells[i]) : NULL;
    return r;
}

static struct DbRows *config(const char *max_client, const char *pool_size, const char *max_db)
{
    static const char *const names[] = {"key", "value", "default", "changeable"};
    const char *const cells[] = {
        "max_client_conn",    max_client,    "100",     "yes",
        "default_pool_size",  pool_size,     "20",      "yes",
        "max_db_connections", max_db,        "0",       "yes",
        "pool_mode",          "transaction", "session", "yes",
    };
    return rows(4, names, 4, cells);
}

static struct DbRows *databases(const char *app_pool_size, const char *app_max)
{
    static const char *const names[] = {"name",     "host",      "port",
                                        "database", "pool_size", "max_connections"};
    const char *const cells[] = {
        "pgbouncer", NULL,        "6432", "pgbouncer", "2",           "0",
        "app",       "127.0.0.1", "5432", "app",       app_pool_size, app_max,
    };
    return rows(6, names, 2, cells);
}

/* 1.18's columns, in its order. */
static struct DbRows *pools_118(const char *app_active, const char *app_waiting,
                                const char *sv_active, const char *sv_idle)
{
    static const char *const names[] = {"database",
                                        "user",
                                        "cl_active",
                                        "cl_waiting",
                                        "cl_active_cancel_req",
                                        "cl_waiting_cancel_req",
                                        "sv_active",
                                        "sv_active_cancel",
                                        "sv_being_canceled",
                                        "sv_idle",
                                        "sv_used",
                                        "sv_tested",
                                        "sv_login",
                                        "maxwait",
                                        "maxwait_us",
                                        "pool_mode"};
    const char *const cells[] = {
        "pgbouncer", "pgbouncer", "1",        "0",         "0", "0", "0",       "0",
        "0",         "0",         "0",        "0",         "0", "0", "0",       "statement",
        "app",       "monitor",   "1",        "0",         "0", "0", "1",       "0",
        "0",         "0",         "0",        "0",         "0", "0", "0",       "transaction",
        "app",       "web",       app_active, app_waiting, "0", "0", sv_active, "0",
        "0",         sv_idle,     "0",        "0",         "0", "2", "500000",  "transaction",
    };
    return rows(16, names, 3, cells);
}

static const struct Threshold t = {80, 95};

static const char *get(const struct DbRows *r, int row, const char *col)
{
    return db_rows_get(r, row, db_rows_col(r, col));
}

static void test_pool_use_and_levels(void **state)
{
    (void)state;
    struct HealthPool p = {.behind = true};
    struct DbRows *c = config("200", "5", "0"), *d = databases("5", "0");
    struct DbRows *a = pools_118("3", "0", "3", "0");
    health_pool_update(&p, a, d, c, "app", "monitor", &t);
    assert_true(p.valid);
    assert_null(p.why);
    assert_int_equal(p.clients, 5); /* the admin console's own client counts too */
    assert_int_equal(p.max_client_conn, 200);
    assert_string_equal(p.database, "app");
    assert_string_equal(p.user, "monitor"); /* the console's own pool */
    assert_int_equal(p.servers, 1);
    assert_int_equal(p.pool_size, 5);
    assert_int_equal(p.level, HL_OK); /* web: 3 of 5 = 60 % */
    assert_true(p.longest_wait_s > 2.49 && p.longest_wait_s < 2.51);
    assert_null(health_pool_missing(&p));
    db_rows_free(&a);

    a = pools_118("4", "0", "4", "0"); /* 80 %: warning */
    health_pool_update(&p, a, d, c, "app", "monitor", &t);
    assert_int_equal(p.level, HL_WARN);
    assert_non_null(strstr(p.alert, "pool app/web: 4 of 5"));
    struct DbRows *v = health_pool_present(&p, a, d, &t);
    assert_int_equal(v->nrows, 2); /* pgbouncer's own pool left out */
    assert_null(get(v, 0, "alert"));
    assert_string_equal(get(v, 1, "alert"), "WARN");
    assert_string_equal(get(v, 1, "servers"), "4");
    assert_string_equal(get(v, 1, "pool_pct"), "80.0");
    assert_string_equal(get(v, 1, "maxwait_s"), "2.500");
    assert_int_equal(db_rows_type(v, db_rows_col(v, "cl_active")), DB_INT);
    db_rows_free(&v);
    db_rows_free(&a);

    a = pools_118("5", "3", "5", "0"); /* full, with clients waiting: critical */
    health_pool_update(&p, a, d, c, "app", "monitor", &t);
    assert_int_equal(p.level, HL_CRIT);
    assert_int_equal(p.waiting, 3);
    db_rows_free(&a);
    db_rows_free(&d);

    /* The database's own pool_size and max_db_connections win over the defaults. */
    d = databases("10", "6");
    a = pools_118("5", "0", "4", "1");
    health_pool_update(&p, a, d, c, "app", "monitor", &t);
    assert_int_equal(p.db_limit, 6);
    assert_int_equal(p.db_servers, 6);
    assert_int_equal(p.level, HL_CRIT); /* 6 of max_db_connections 6 */
    assert_non_null(strstr(p.alert, "max_db_connections"));
    db_rows_free(&a);
    db_rows_free(&d);
    db_rows_free(&c);

    /* max_client_conn nearly used up. */
    c = config("6", "5", "0");
    d = databases("5", "0");
    a = pools_118("1", "0", "1", "0");
    health_pool_update(&p, a, d, c, "app", "monitor", &t);
    assert_int_equal(p.clients, 3);
    assert_int_equal(p.level, HL_OK); /* 50 % */
    db_rows_free(&c);
    c = config("3", "5", "0");
    health_pool_update(&p, a, d, c, "app", "monitor", &t);
    assert_int_equal(p.level, HL_CRIT);
    assert_non_null(strstr(p.alert, "max_client_conn"));
    db_rows_free(&a);
    db_rows_free(&d);
    db_rows_free(&c);
    health_pool_free(&p);
}

/* An older PgBouncer without the cancel columns nor maxwait_us, in another column order. */
static void test_columns_by_name(void **state)
{
    (void)state;
    static const char *const names[] = {"database",  "user",       "maxwait",   "sv_idle",
                                        "sv_active", "cl_waiting", "cl_active", "sv_used"};
    const char *const cells[] = {"app", "web", "1", "1", "2", "0", "2", "1"};
    struct DbRows *a = rows(8, names, 1, cells);
    struct DbRows *c = config("100", "4", "0");
    struct HealthPool p = {.behind = true};
    health_pool_update(&p, a, NULL, c, "app", "other", &t);
    assert_string_equal(p.user, "web"); /* the console's own pool is not listed: the busiest */
    assert_int_equal(p.servers, 4);
    assert_int_equal(p.pool_size, 4);
    assert_int_equal(p.level, HL_CRIT);
    assert_true(p.longest_wait_s == 1);
    db_rows_free(&a);
    db_rows_free(&c);
    health_pool_free(&p);
}

static void test_missing_figures(void **state)
{
    (void)state;
    struct HealthPool p = {0};
    assert_null(health_pool_missing(&p)); /* no pooler: nothing to say */
    p.behind = true;
    char *s = health_pool_missing(&p);
    assert_string_equal(s, "behind a pooler · admin console: no answer yet");
    free(s);
    health_pool_fail(&p, "connection to server at \"h\", port 1 failed: Connection refused\n\tIs "
                         "the server running?\n");
    s = health_pool_missing(&p);
    assert_string_equal(s, "behind a pooler · admin console: connection to server at \"h\", port "
                           "1 failed: Connection refused Is the server running?");
    free(s);
    health_pool_fail(&p, "not allowed");
    assert_true(p.tried);
    s = health_pool_missing(&p);
    assert_string_equal(s, "behind a pooler · admin console: not allowed");
    free(s);
    const char *names[32];
    char *values[32];
    int n = health_pool_summary(&p, names, values, 32);
    bool said = false;
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], "pooler_admin") == 0)
            said = values[i] && strstr(values[i], "not allowed");
        if (strcmp(names[i], "pool_level") == 0)
            assert_null(values[i]);
        free(values[i]);
    }
    assert_true(said);
    p.behind = false;
    n = health_pool_summary(&p, names, values, 32);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "pooler");
    assert_null(values[0]);
    health_pool_free(&p);
}

static void test_admin_pick(void **state)
{
    (void)state;
    struct Dsn given, out;
    char *err = NULL;
    enum AdminSource src;
    assert_true(dsn_parse("postgresql://app:pw@pool.example:6432/whatsapp_saas?schema=public&"
                          "pgbouncer=true&sslmode=require",
                          &given, &err));
    assert_true(admin_pick(&given, NULL, &src, &out, &err));
    assert_int_equal(src, ADMIN_DERIVED);
    assert_string_equal(dsn_get(&out, "dbname"), "pgbouncer");
    assert_string_equal(dsn_get(&out, "host"), "pool.example");
    assert_string_equal(dsn_get(&out, "port"), "6432");
    assert_string_equal(dsn_get(&out, "user"), "app");
    assert_string_equal(dsn_get(&out, "password"), "pw");
    assert_string_equal(dsn_get(&out, "sslmode"), "require");
    dsn_free(&out);
    assert_true(
        admin_pick(&given, "host=other port=6433 dbname=pgbouncer user=monitor", &src, &out, &err));
    assert_int_equal(src, ADMIN_CONFIGURED);
    assert_string_equal(dsn_get(&out, "host"), "other");
    assert_string_equal(dsn_get(&out, "user"), "monitor");
    dsn_free(&out);
    assert_true(admin_pick(&given, "off", &src, &out, &err));
    assert_int_equal(src, ADMIN_OFF);
    assert_false(admin_pick(&given, "host='unclosed", &src, &out, &err));
    assert_non_null(err);
    free(err);
    dsn_free(&given);
    /* No pooler said: nothing to ask, unless the profile names a console. */
    assert_true(dsn_parse("host=db dbname=whatsapp_saas", &given, &err));
    assert_true(admin_pick(&given, NULL, &src, &out, &err));
    assert_int_equal(src, ADMIN_NONE);
    dsn_free(&given);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_use_and_levels),
        cmocka_unit_test(test_columns_by_name),
        cmocka_unit_test(test_missing_figures),
        cmocka_unit_test(test_admin_pick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
