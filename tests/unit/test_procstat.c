/* The /proc parsers of the Health tab's per-backend figures: stat lines (names with spaces and
 * parentheses, truncated input), io, meminfo, loadavg, which processes count as PostgreSQL and
 * which hosts are this one. No server. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/model/health_proc.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stat_plain),         cmocka_unit_test(stat_odd_name),
        cmocka_unit_test(stat_bad),           cmocka_unit_test(io_meminfo_load),
        cmocka_unit_test(postgres_and_hosts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
