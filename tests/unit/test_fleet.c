/* The fleet with plain rows: a multi-host connection string split into one per host, the TPS
 * between two answers, the worst alert of a server (down, a caught-up standby, a paused replay,
 * no WAL receiver, connections), and the config's servers list. No server. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "src/config/config.h"
#include "src/db/dsn_hosts.h"
#include "src/model/fleet.h"
#include "src/util/xalloc.h"

static void test_multi_host_split(void **state)
{
    (void)state;
    struct Dsn d, one;
    char *err = NULL;
    assert_true(dsn_parse("host=db1,db2,db3 port=5432,6432,7432 dbname=x", &d, &err));
    assert_int_equal(dsn_host_count(&d), 3);
    dsn_host_copy(&d, 1, &one);
    assert_string_equal(dsn_get(&one, "host"), "db2");
    assert_string_equal(dsn_get(&one, "port"), "6432");
    assert_string_equal(dsn_get(&one, "dbname"), "x");
    char *label = dsn_host_label(&one);
    assert_string_equal(label, "db2:6432");
    free(label);
    assert_false(dsn_same_server(&d, &one));
    dsn_free(&one);
    dsn_free(&d);
    /* One port for every host; a URI with several hosts. */
    assert_true(dsn_parse("postgresql://a,b:5433/x", &d, &err));
    assert_int_equal(dsn_host_count(&d), 2);
    dsn_host_copy(&d, 0, &one);
    assert_string_equal(dsn_get(&one, "host"), "a");
    dsn_free(&one);
    dsn_free(&d);
    assert_true(dsn_parse("host=solo dbname=x", &d, &err));
    assert_int_equal(dsn_host_count(&d), 1);
    dsn_free(&d);
}

/* One answer with these (column, value) pairs. */
static struct DbRows *answer(const char *const (*kv)[2], int n)
{
    struct DbRows *r = db_rows_new(1, n);
    for (int i = 0; i < n; i++) {
        r->names[i] = xstrdup(kv[i][0]);
        r->cells[i] = kv[i][1] ? xstrdup(kv[i][1]) : NULL;
    }
    return r;
}

static struct Config cfg(void)
{
    struct Config c;
    config_defaults(&c);
    return c;
}

static void test_tps_and_standby_alerts(void **state)
{
    (void)state;
    struct Config c = cfg();
    static const char *const a1[][2] = {
        {"standby", "t"},          {"max_connections", "100"}, {"connections", "10"},
        {"xacts", "1000"},         {"clock", "100.0"},         {"behind_bytes", "0"},
        {"replay_lag_s", "0"},     {"receiver", "streaming"},  {"pause", "not paused"},
        {"longest_query_s", NULL},
    };
    static const char *const a2[][2] = {
        {"standby", "t"},          {"max_connections", "100"}, {"connections", "10"},
        {"xacts", "1050"},         {"clock", "102.0"},         {"behind_bytes", "4096"},
        {"replay_lag_s", "75.5"},  {"receiver", NULL},         {"pause", "paused"},
        {"longest_query_s", NULL},
    };
    struct DbRows *r1 = answer(a1, 10), *r2 = answer(a2, 10);
    struct FleetServer first, s;
    memset(&first, 0, sizeof first);
    memset(&s, 0, sizeof s);
    fleet_figures_parse(&first.fig, r1, NULL);
    assert_true(first.fig.standby);
    assert_true(first.fig.tps < 0); /* one answer: no rate yet */
    char *alert = NULL;
    /* A standby that has caught up (the primary idle): no alert. */
    assert_int_equal(fleet_level(&first, &c, &alert), HL_OK);
    assert_null(alert);
    fleet_figures_parse(&s.fig, r2, &first.fig);
    assert_true(s.fig.tps > 24.9 && s.fig.tps < 25.1);
    /* No WAL receiver is critical, and the worst alert wins over the paused replay. */
    assert_int_equal(fleet_level(&s, &c, &alert), HL_CRIT);
    assert_string_equal(alert, "no WAL receiver");
    free(alert);
    s.down = true;
    assert_int_equal(fleet_level(&s, &c, &alert), HL_CRIT);
    assert_string_equal(alert, "down");
    free(alert);
    fleet_figures_clear(&first.fig);
    fleet_figures_clear(&s.fig);
    db_rows_free(&r1);
    db_rows_free(&r2);
    config_free(&c);
}

static void test_primary_connections(void **state)
{
    (void)state;
    struct Config c = cfg();
    static const char *const a[][2] = {
        {"standby", "f"}, {"max_connections", "100"}, {"connections", "96"},   {"xacts", "5"},
        {"clock", "1.0"}, {"standbys", "2"},          {"standby_lag_s", "31"},
    };
    struct DbRows *r = answer(a, 7);
    struct FleetServer s;
    memset(&s, 0, sizeof s);
    fleet_figures_parse(&s.fig, r, NULL);
    char *alert = NULL;
    assert_int_equal(fleet_level(&s, &c, &alert), HL_CRIT);
    assert_string_equal(alert, "connections 96% of max_connections");
    free(alert);
    fleet_figures_clear(&s.fig);
    db_rows_free(&r);
    config_free(&c);
}

static void test_config_servers(void **state)
{
    (void)state;
    char path[] = "/tmp/sd-test-fleet-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("profiles:\n  fleet:\n    servers:\n      - \"host=a dbname=x\"\n"
          "      - \"postgresql://b/x\"\n",
          f);
    fclose(f);
    struct Config c = cfg();
    char *err = NULL;
    assert_true(config_load(&c, path, &err));
    const struct Profile *p = config_profile(&c, "fleet");
    assert_non_null(p);
    assert_int_equal(p->nservers, 2);
    assert_string_equal(p->servers[1], "postgresql://b/x");
    config_free(&c);
    /* Not a list: said where. */
    f = fopen(path, "w");
    fputs("profiles:\n  fleet:\n    servers: \"host=a\"\n", f);
    fclose(f);
    c = cfg();
    assert_false(config_load(&c, path, &err));
    assert_non_null(strstr(err, "a list of connection strings"));
    free(err);
    config_free(&c);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multi_host_split),
        cmocka_unit_test(test_tps_and_standby_alerts),
        cmocka_unit_test(test_primary_connections),
        cmocka_unit_test(test_config_servers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
