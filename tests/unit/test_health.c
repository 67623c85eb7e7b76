/* The Health model with plain rows: summary and rates, presenting sessions, the blocking tree,
 * the bounded history, EXPLAIN's refusals and the audit line. No server. */
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

#include "src/audit.h"
#include "src/model/health.h"
#include "src/queries/health_sql.h"
#include "src/util/xalloc.h"

/* Sessions: pid, user, state, wait, blocked_by, query_s, xact_s, backend_type, query. */
static struct DbRows *sessions(int n, const char *const (*rows)[9])
{
    static const char *const names[] = {"pid",     "user",   "state",        "wait", "blocked_by",
                                        "query_s", "xact_s", "backend_type", "query"};
    struct DbRows *r = db_rows_new(n, 9);
    for (int c = 0; c < 9; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < n; i++)
        for (int c = 0; c < 9; c++)
            r->cells[i * 9 + c] = rows[i][c] ? xstrdup(rows[i][c]) : NULL;
    return r;
}

static int find_tree(const struct DbRows *t, const char *prefix_pid)
{
    for (int i = 0; i < t->nrows; i++)
        if (strcmp(db_rows_get(t, i, 0), prefix_pid) == 0)
            return i;
    return -1;
}

static void test_tree_holder_three_waiters(void **state)
{
    (void)state;
    static const char *const rows[][9] = {
        {"10", "app", "idle in transaction", NULL, NULL, "9", "9", "client backend", "update"},
        {"11", "app", "active", "Lock:transactionid", "{10}", "5", "5", "client backend", "u1"},
        {"12", "app", "active", "Lock:tuple", "{10}", "4", "4", "client backend", "u2"},
        {"13", "app", "active", "Lock:tuple", "{10}", "3", "3", "client backend", "u3"},
        {"14", "app", "idle", NULL, NULL, NULL, NULL, "client backend", "select 1"},
    };
    struct DbRows *act = sessions(5, rows);
    struct DbRows *t = health_block_tree(act);
    assert_int_equal(t->nrows, 4);
    assert_string_equal(db_rows_get(t, 0, 0), "10  blocks 3");
    assert_true(find_tree(t, "├─ 11") == 1);
    assert_true(find_tree(t, "├─ 12") == 2);
    assert_true(find_tree(t, "└─ 13") == 3);
    db_rows_free(&t);
    db_rows_free(&act);
}

static void test_tree_chain_two_roots_and_cycle(void **state)
{
    (void)state;
    static const char *const rows[][9] = {
        {"1", "a", "active", NULL, NULL, "1", "1", "client backend", "q"},
        {"2", "a", "active", "Lock:relation", "{1}", "1", "1", "client backend", "q"},
        {"3", "a", "active", "Lock:relation", "{2}", "1", "1", "client backend", "q"},
        {"4", "a", "active", "Lock:relation", "{2,9}", "1", "1", "client backend", "q"},
        /* 5 and 6 wait on each other: no root, still shown. */
        {"5", "a", "active", "Lock:relation", "{6}", "1", "1", "client backend", "q"},
        {"6", "a", "active", "Lock:relation", "{5}", "1", "1", "client backend", "q"},
    };
    struct DbRows *act = sessions(6, rows);
    struct DbRows *t = health_block_tree(act);
    assert_string_equal(db_rows_get(t, 0, 0), "1  blocks 3");
    assert_string_equal(db_rows_get(t, 1, 0), "└─ 2");
    assert_string_equal(db_rows_get(t, 2, 0), "   ├─ 3");
    assert_string_equal(db_rows_get(t, 3, 0), "   └─ 4");
    /* 9 is not visible (another database): a root of its own, said so. */
    int r9 = find_tree(t, "9  blocks 1");
    assert_true(r9 > 0);
    assert_non_null(strstr(db_rows_get(t, r9, 7), "not visible"));
    assert_true(find_tree(t, "5  blocks 1") > 0);
    bool cycle = false;
    for (int i = 0; i < t->nrows; i++)
        cycle = cycle || strstr(db_rows_get(t, i, 0), "(cycle)");
    assert_true(cycle);
    db_rows_free(&t);
    db_rows_free(&act);

    static const char *const calm[][9] = {
        {"1", "a", "idle", NULL, NULL, NULL, NULL, "client backend", "q"},
    };
    act = sessions(1, calm);
    t = health_block_tree(act);
    assert_int_equal(t->nrows, 0);
    db_rows_free(&t);
    db_rows_free(&act);
}

static void test_present_sort_idle_flags(void **state)
{
    (void)state;
    static const char *const rows[][9] = {
        {"10", "b", "idle", NULL, NULL, "100", NULL, "client backend", "x"},
        {"11", "a", "active", NULL, NULL, "2.5", "3", "client backend", "y"},
        {"12", "c", "active", "Lock:relation", "{11}", "75", "80", "client backend", "z"},
        {"13", "d", "active", NULL, NULL, "0.1", "0.1", "client backend", "me"},
    };
    struct DbRows *act = sessions(4, rows);
    struct DbRows *p = health_present_activity(act, 0, false, 13);
    assert_int_equal(p->nrows, 4);
    int pid = db_rows_col(p, "pid"), flag = db_rows_col(p, "flag"),
        age = db_rows_col(p, "query_age");
    assert_string_equal(db_rows_get(p, 0, pid), "10"); /* oldest query first */
    assert_string_equal(db_rows_get(p, 1, pid), "12");
    assert_string_equal(db_rows_get(p, 1, flag), "wait");
    assert_string_equal(db_rows_get(p, 1, age), "0:01:15");
    assert_string_equal(db_rows_get(p, 2, flag), "ROOT");
    assert_string_equal(db_rows_get(p, 2, age), "2.5s");
    assert_string_equal(db_rows_get(p, 3, flag), "me");
    assert_null(db_rows_get(p, 0, flag));
    assert_string_equal(db_rows_get(p, 1, db_rows_col(p, "blocked_by")), "11");
    db_rows_free(&p);
    p = health_present_activity(act, 3, true, 13); /* by user, idle hidden */
    assert_int_equal(p->nrows, 3);
    assert_string_equal(db_rows_get(p, 0, db_rows_col(p, "user")), "a");
    db_rows_free(&p);
    db_rows_free(&act);
    assert_string_equal(health_sort_name(0), "query age");
    assert_true(health_parse_age("0:01:15") == 75);
    assert_true(health_parse_age("2.5s") == 2.5);
}

static struct DbRows *live(const char *xacts, const char *clock, const char *hit)
{
    static const char *const names[] = {
        "s_max_connections", "s_xacts", "s_blks_hit", "s_blks_read",  "s_tup_read",
        "s_tup_written",     "s_clock", "s_self",     "s_frozen_age", "pid",
        "backend_type",      "state",   "wait",       "blocked_by",   "xact_s",
        "query_s",           "xmin_age"};
    int nc = (int)(sizeof names / sizeof names[0]);
    struct DbRows *r = db_rows_new(2, nc);
    const char *vals[2][17] = {
        {"100", xacts, hit, "10", "1000", "50", clock, "7", "1073741824", "7", "client backend",
         "active", NULL, NULL, "0.5", "0.1", "3"},
        {"100", xacts, hit, "10", "1000", "50", clock, "7", "1073741824", "8", NULL, NULL, NULL,
         "{}", NULL, NULL, NULL},
    };
    for (int c = 0; c < nc; c++)
        r->names[c] = xstrdup(names[c]);
    for (int i = 0; i < 2; i++)
        for (int c = 0; c < nc; c++)
            r->cells[i * nc + c] = vals[i][c] ? xstrdup(vals[i][c]) : NULL;
    return r;
}

static void test_summary_and_rates(void **state)
{
    (void)state;
    struct HealthSummary a, b;
    struct DbRows *r1 = live("1000", "100.0", "990"), *r2 = live("1500", "102.0", "1080");
    health_summary_parse(&a, r1);
    health_summary_parse(&b, r2);
    assert_true(a.valid);
    assert_int_equal(a.max_connections, 100);
    assert_int_equal(a.sessions, 2); /* a hidden session counts as a connection */
    assert_int_equal(a.active, 1);
    assert_int_equal(a.other, 1);
    assert_int_equal(a.self_pid, 7);
    assert_int_equal(a.oldest_xmin_age, 3);
    assert_true(a.wraparound_pct > 49.9 && a.wraparound_pct < 50.1);
    health_summary_rates(&b, &a);
    assert_true(b.have_rates);
    assert_true(b.tps > 249.9 && b.tps < 250.1); /* 500 in 2 s */
    assert_true(b.cache_hit_pct > 99.9);         /* 90 hits, 0 reads since */
    /* Stats reset: no rate rather than a negative one. */
    health_summary_rates(&a, &b);
    assert_false(a.have_rates);
    struct DbRows *s = health_split_activity(r1);
    assert_int_equal(s->nrows, 2);
    assert_int_equal(db_rows_col(s, "s_xacts"), -1);
    assert_true(db_rows_col(s, "pid") >= 0);
    db_rows_free(&s);
    db_rows_free(&r1);
    db_rows_free(&r2);
    struct Threshold t = {80, 95};
    assert_int_equal(health_level(79.9, &t), HL_OK);
    assert_int_equal(health_level(80, &t), HL_WARN);
    assert_int_equal(health_level(99, &t), HL_CRIT);
}

static void test_history_bounded(void **state)
{
    (void)state;
    struct HealthHistory h = {0};
    for (int i = 0; i < 2000; i++) {
        struct HealthSample s = {.at = 1000000 + i};
        s.sum.valid = true;
        s.sum.have_rates = i > 0;
        s.sum.tps = i;
        s.activity = db_rows_new(0, 1);
        s.activity->names[0] = xstrdup("pid");
        health_history_push(&h, &s);
        assert_null(s.activity);
    }
    /* 30 minutes, thinned with age: every second for the last minute, then one in 10 s to five
     * minutes, then one in 30 s. */
    time_t now = 1000000 + 1999;
    assert_true(h.n >= 130 && h.n <= 140);
    assert_int_equal(health_history_get(&h, 0)->at, now);
    assert_true(now - health_history_get(&h, h.n - 1)->at <= HEALTH_HISTORY_SECONDS);
    assert_true(now - health_history_get(&h, h.n - 1)->at >= HEALTH_HISTORY_SECONDS - 30);
    int tier[3] = {0, 0, 0};
    for (int b = 0; b < h.n; b++) {
        time_t age = now - health_history_get(&h, b)->at;
        tier[age < 60 ? 0 : age < 300 ? 1 : 2]++;
        if (b > 0) /* one a second here: each slice keeps its newest, so no slice is skipped */
            assert_true(health_history_get(&h, b - 1)->at - health_history_get(&h, b)->at <=
                        (age < 60    ? 1
                         : age < 300 ? 10
                                     : 30));
    }
    assert_int_equal(tier[0], 60);
    assert_true(tier[1] >= 23 && tier[1] <= 25);
    assert_true(tier[2] >= 49 && tier[2] <= 51);
    assert_null(health_history_get(&h, h.n));
    double v[10];
    int n = health_history_series(&h, 5, 0, v, 10);
    assert_int_equal(n, 10);
    assert_true(v[9] == 1994);
    /* A sample looked at stays found, or the one kept in its place. */
    assert_int_equal(health_history_find(&h, now - 3), 3);
    int b = health_history_find(&h, now - 125);
    assert_true(health_history_get(&h, b)->at <= now - 125);
    assert_true(health_history_get(&h, b)->at > now - 125 - 20);
    assert_int_equal(health_history_find(&h, 0), h.n - 1);

    /* Ten refreshes a second keep one sample a second. */
    health_history_free(&h);
    for (int i = 0; i < 300; i++) {
        struct HealthSample s = {.at = 2000000 + i / 10};
        s.activity = db_rows_new(0, 1);
        s.activity->names[0] = xstrdup("pid");
        health_history_push(&h, &s);
    }
    assert_true(h.n <= 31);
    health_history_free(&h);
    assert_int_equal(h.n, 0);
}

static void test_explain_refusals(void **state)
{
    (void)state;
    char *why = NULL;
    char *sql = health_sql_explain("  /* c */ select 1;; ", &why);
    assert_string_equal(sql, "EXPLAIN (ANALYZE false, COSTS true, FORMAT TEXT) select 1");
    free(sql);
    static const char *const refused[] = {"<insufficient privilege>",
                                          "",
                                          "vacuum full x",
                                          "explain analyze select 1",
                                          "ANALYZE salons",
                                          "drop table x"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_null(health_sql_explain(refused[i], &why));
        assert_non_null(why);
        free(why);
    }
    /* The columns the extension has: 1.8 on, and 1.7 as an upgraded server may keep it. */
    char *v18 = health_sql_statements("public", "total_exec_time", true);
    char *v17 = health_sql_statements("my schema", "total_time", false);
    assert_non_null(strstr(v18, "p.\"total_exec_time\""));
    assert_non_null(strstr(v18, "p.\"mean_exec_time\""));
    assert_non_null(strstr(v18, "pg_stat_statements_info"));
    assert_non_null(strstr(v17, "p.\"total_time\""));
    assert_non_null(strstr(v17, "p.\"mean_time\""));
    assert_non_null(strstr(v17, "FROM \"my schema\".pg_stat_statements p"));
    assert_null(strstr(v17, "exec_time"));
    assert_null(strstr(v17, "pg_stat_statements_info"));
    free(v18);
    free(v17);
    char *l14 = health_sql_live(140000), *l12 = health_sql_live(120000);
    assert_non_null(strstr(l14, "waitstart"));
    assert_null(strstr(l12, "l.waitstart"));
    assert_null(strstr(l14, "*"));
    free(l14);
    free(l12);
}

static void test_audit_line(void **state)
{
    (void)state;
    char path[] = "/tmp/sd-audit-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    struct AuditEntry e = {.db_user = "sd_dba",
                           .server = "/tmp/sock/whatsapp_saas",
                           .pid = 4242,
                           .target_user = "sd_support",
                           .target_db = "whatsapp_saas",
                           .target_app = "bot\x1b]0;x\a",
                           .action = "cancel",
                           .outcome = "ERROR: permission denied",
                           .query = "select\n1\t\x1b[2J"};
    char *err = NULL;
    assert_true(audit_append(path, &e, &err));
    assert_true(audit_append(path, &e, &err));
    FILE *f = fopen(path, "r");
    char line[512];
    int lines = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        assert_non_null(strstr(line, "\tsd_dba\t/tmp/sock/whatsapp_saas\t4242\tsd_support\t"
                                     "whatsapp_saas\tbot^[]0;x^G\tcancel\t"
                                     "ERROR: permission denied\t"));
        assert_null(strchr(line, '\x1b'));
        int tabs = 0;
        for (char *p = line; *p; p++)
            tabs += *p == '\t';
        assert_int_equal(tabs, 10); /* the query's own tab is made visible */
    }
    fclose(f);
    assert_int_equal(lines, 2);
    unlink(path);
}

/* What each statement cost since the last refresh: new ones and a reset give no delta. */
static void test_statement_deltas(void **state)
{
    (void)state;
    struct DbRows *prev = db_rows_new(2, 4), *cur = db_rows_new(3, 4);
    const char *names[] = {"queryid", "user", "calls", "total_ms"};
    const char *pv[] = {"1", "app", "10", "100.0", "2", "app", "5", "50.0"};
    const char *cv[] = {"1", "app", "15", "130.5", "3", "app", "1", "2.0", "2", "app", "1", "1.0"};
    for (int c = 0; c < 4; c++) {
        prev->names[c] = strdup(names[c]);
        cur->names[c] = strdup(names[c]);
    }
    for (int i = 0; i < 8; i++)
        prev->cells[i] = strdup(pv[i]);
    for (int i = 0; i < 12; i++)
        cur->cells[i] = strdup(cv[i]);
    struct DbRows *d = health_statement_deltas(cur, prev);
    int dc = db_rows_col(d, "d_calls"), dm = db_rows_col(d, "d_ms");
    assert_string_equal(db_rows_get(d, 0, dc), "5");
    assert_string_equal(db_rows_get(d, 0, dm), "30.5");
    assert_null(db_rows_get(d, 1, dc)); /* new since the last refresh */
    assert_null(db_rows_get(d, 2, dc)); /* 5 -> 1 calls: the statistics were reset */
    assert_string_equal(db_rows_get(d, 2, 2), "1");
    db_rows_free(&d);
    d = health_statement_deltas(cur, NULL); /* the first refresh */
    assert_null(db_rows_get(d, 0, dc));
    db_rows_free(&d);
    db_rows_free(&prev);
    db_rows_free(&cur);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statement_deltas),
        cmocka_unit_test(test_tree_holder_three_waiters),
        cmocka_unit_test(test_tree_chain_two_roots_and_cycle),
        cmocka_unit_test(test_present_sort_idle_flags),
        cmocka_unit_test(test_summary_and_rates),
        cmocka_unit_test(test_history_bounded),
        cmocka_unit_test(test_explain_refusals),
        cmocka_unit_test(test_audit_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
