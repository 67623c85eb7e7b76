/* The /proc parsers of the Health tab's per-backend figures: stat lines (names with spaces and
 * parentheses, truncated input), io, meminfo, loadavg, which processes count as PostgreSQL and
 * which hosts are this one; tags that follow the sessions. No server. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "src/model/health_int.h"
#include "src/model/health_proc.h"
#include "src/util/xalloc.h"

static void stat_plain(void **state)
{
    (void)state;
    const char *line = "4242 (postgres) S 100 4242 4242 0 -1 4194560 1234 0 5 0 150 37 0 0 20 0 "
                       "1 0 98765 224313344 3210 18446744073709551615 1 1 0 0 0 0 0 4096 "
                       "536887815 0 0 0 17 1 0 0 0 0 0\n";
    struct ProcStat st;
    assert_true(procstat_parse_stat(line, &st));
    assert_string_equal(st.comm, "postgres");
    assert_int_equal(st.state, 'S');
    assert_int_equal(st.ppid, 100);
    assert_int_equal(st.ticks, 187);
    assert_int_equal(st.rss_pages, 3210);
}

static void stat_odd_name(void **state)
{
    (void)state;
    /* A name may hold spaces and ')': the fields start after the last ')'. */
    const char *line = "77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 9 1 0 0 20 0 1 0 5 1000 12";
    struct ProcStat st;
    assert_true(procstat_parse_stat(line, &st));
    assert_string_equal(st.comm, "my (odd) name");
    assert_int_equal(st.state, 'R');
    assert_int_equal(st.ticks, 10);
    assert_int_equal(st.rss_pages, 12);
    assert_false(procstat_is_postgres(st.comm, NULL));
}

static void stat_bad(void **state)
{
    (void)state;
    struct ProcStat st;
    assert_false(procstat_parse_stat("", &st));
    assert_false(procstat_parse_stat(NULL, &st));
    assert_false(procstat_parse_stat("12 (postgres S 1 2", &st));
    assert_false(procstat_parse_stat("12 (postgres) S 1 2 3", &st)); /* cut short */
    assert_false(procstat_parse_stat("12 (postgres)", &st));
}

static void io_meminfo_load(void **state)
{
    (void)state;
    const char *io = "rchar: 100\nwchar: 200\nsyscr: 3\nsyscw: 4\nread_bytes: 8192\n"
                     "write_bytes: 4096\ncancelled_write_bytes: 0\n";
    unsigned long long rd = 0, wr = 0;
    assert_true(procstat_parse_io(io, &rd, &wr));
    assert_int_equal(rd, 8192);
    assert_int_equal(wr, 4096);
    assert_false(procstat_parse_io("rchar: 1\n", &rd, &wr));
    const char *mem =
        "MemTotal:       16314336 kB\nMemFree:  1000 kB\nMemAvailable:   9000000 kB\n";
    assert_int_equal(procstat_meminfo(mem, "MemTotal"), 16314336);
    assert_int_equal(procstat_meminfo(mem, "MemAvailable"), 9000000);
    assert_int_equal(procstat_meminfo(mem, "Mem"), -1);
    double l[3];
    assert_true(procstat_parse_loadavg("0.52 1.10 2.00 2/345 6789\n", l));
    assert_true(l[0] > 0.51 && l[0] < 0.53 && l[2] > 1.99);
    assert_false(procstat_parse_loadavg("x", l));
}

static void postgres_and_hosts(void **state)
{
    (void)state;
    assert_true(procstat_is_postgres("postgres", NULL));
    assert_true(procstat_is_postgres("bash", "postgres: app salon [local] idle"));
    assert_false(procstat_is_postgres("bash", "bash"));
    assert_true(procstat_host_local(NULL));
    assert_true(procstat_host_local("/tmp/pgfixture"));
    assert_true(procstat_host_local("localhost"));
    assert_true(procstat_host_local("127.0.0.1"));
    assert_true(procstat_host_local("::1"));
    assert_false(procstat_host_local("db.example.com"));
    assert_false(procstat_host_local("10.0.0.5"));
}

static struct DbRows *pids(int n, const int *p, bool tag)
{
    struct DbRows *r = db_rows_new(n, tag ? 2 : 1);
    r->names[0] = xstrdup("pid");
    if (tag)
        r->names[1] = xstrdup("tag");
    for (int i = 0; i < n; i++)
        r->cells[i * r->ncols] = xasprintf("%d", p[i]);
    return r;
}

static void tags_follow_sessions(void **state)
{
    (void)state;
    struct HealthModel m = {0};
    m.tags = xcalloc(3, sizeof *m.tags);
    m.tags[0] = 10, m.tags[1] = 20, m.tags[2] = 30;
    m.ntags = 3;
    const int shown[] = {30, 40, 10};
    const int live[] = {10, 30, 40};
    struct DbRows *rows = pids(3, shown, true), *act = pids(3, live, false);
    health_mark_tags(&m, rows, act); /* 20 has gone: its tag goes too */
    assert_int_equal(m.ntags, 2);
    assert_true(health_tagged(&m, 10) && health_tagged(&m, 30) && !health_tagged(&m, 20));
    assert_string_equal(db_rows_get(rows, 0, 1), "*");
    assert_null(db_rows_get(rows, 1, 1));
    assert_string_equal(db_rows_get(rows, 2, 1), "*");
    /* A sample from the history (no live rows) keeps the tags. */
    const int old[] = {20};
    struct DbRows *back = pids(1, old, true);
    health_mark_tags(&m, back, NULL);
    assert_int_equal(m.ntags, 2);
    assert_null(db_rows_get(back, 0, 1));
    db_rows_free(&back);
    db_rows_free(&rows);
    db_rows_free(&act);
    free(m.tags);
}

static void not_this_host(void **state)
{
    (void)state;
    const int p[] = {(int)getpid()};
    struct DbRows *act = pids(1, p, false);
    struct HealthProc pr = {0};
    /* Another host: no columns, and the reason. */
    health_proc_sample(&pr, &act, "db.example.com", (int)getpid(), 1000);
    assert_false(pr.local);
    assert_int_equal(act->ncols, 1);
    char *line = health_proc_line(&pr);
    assert_string_equal(line, "per-process figures: server not on this host");
    free(line);
    /* A local socket, but the session's pid is not a postgres process here (a container, a
     * forwarded port): not trusted either. */
    health_proc_sample(&pr, &act, "/tmp", (int)getpid(), 2000);
    assert_false(pr.local);
    assert_int_equal(act->ncols, 1);
    health_proc_free(&pr);
    db_rows_free(&act);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stat_plain),         cmocka_unit_test(stat_odd_name),
        cmocka_unit_test(stat_bad),           cmocka_unit_test(io_meminfo_load),
        cmocka_unit_test(postgres_and_hosts), cmocka_unit_test(tags_follow_sessions),
        cmocka_unit_test(not_this_host),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
