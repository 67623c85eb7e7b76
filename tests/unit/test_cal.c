/* Date arithmetic of the Bookings calendar: days, months, week starts, month grids, the forms
 * :goto takes, and the display zone's day bounds across DST. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "src/util/cal.h"
#include "src/util/tz.h"

static struct CalDate D(int y, int m, int d) {
    struct CalDate r = {y, m, d};
    return r;
}

#define assert_date(a, yy, mm, dd)                                                                 \
    do {                                                                                           \
        struct CalDate a_ = (a);                                                                   \
        assert_int_equal(a_.y, yy);                                                                \
        assert_int_equal(a_.m, mm);                                                                \
        assert_int_equal(a_.d, dd);                                                                \
    } while (0)

static void
test_days_roundtrip(void **state)
{
    (void)state;
    assert_int_equal(cal_to_days(D(1970, 1, 1)), 0);
    assert_int_equal(cal_to_days(D(2000, 3, 1)), 11017);
    for (long z = -800000; z < 800000; z += 997)
        assert_int_equal(cal_to_days(cal_from_days(z)), z);
    assert_date(cal_add_days(D(2024, 2, 28), 1), 2024, 2, 29); /* leap year */
    assert_date(cal_add_days(D(2023, 2, 28), 1), 2023, 3, 1);
    assert_date(cal_add_days(D(2100, 2, 28), 1), 2100, 3, 1);  /* not a leap year */
    assert_date(cal_add_days(D(2000, 2, 28), 1), 2000, 2, 29); /* a leap year */
    assert_date(cal_add_days(D(2026, 12, 31), 1), 2027, 1, 1);
    assert_date(cal_add_days(D(2026, 1, 1), -1), 2025, 12, 31);
    assert_false(cal_valid(D(2026, 2, 29)));
    assert_false(cal_valid(D(2026, 13, 1)));
    assert_true(cal_valid(D(2028, 2, 29)));
}

static void test_months(void **state)
{
    (void)state;
    assert_date(cal_add_months(D(2026, 1, 31), 1), 2026, 2, 28);
    assert_date(cal_add_months(D(2028, 1, 31), 1), 2028, 2, 29);
    assert_date(cal_add_months(D(2026, 12, 15), 1), 2027, 1, 15);
    assert_date(cal_add_months(D(2026, 1, 15), -1), 2025, 12, 15);
    assert_date(cal_add_months(D(2026, 3, 31), -1), 2026, 2, 28);
    assert_int_equal(cal_days_in_month(2026, 4), 30);
}

static void test_weeks(void **state)
{
    (void)state;
    assert_int_equal(cal_weekday(D(1970, 1, 1)), 3);   /* Thursday */
    assert_int_equal(cal_weekday(D(2026, 12, 1)), 1);  /* Tuesday */
    assert_int_equal(cal_weekday(D(2026, 11, 29)), 6); /* Sunday */
    assert_date(cal_week_start(D(2026, 12, 1)), 2026, 11, 30);
    assert_date(cal_week_start(D(2026, 11, 30)), 2026, 11, 30); /* Monday is its own start */
    assert_date(cal_week_start(D(2026, 11, 29)), 2026, 11, 23); /* Sunday ends the week */
    assert_date(cal_week_start(D(2027, 1, 1)), 2026, 12, 28);   /* across a year */
    struct CalDate f, t;
    cal_period(CAL_WEEK, D(2026, 12, 3), &f, &t);
    assert_date(f, 2026, 11, 30);
    assert_date(t, 2026, 12, 7);
    cal_period(CAL_MONTH, D(2026, 2, 17), &f, &t);
    assert_date(f, 2026, 2, 1);
    assert_date(t, 2026, 3, 1);
    cal_period(CAL_DAY, D(2026, 2, 28), &f, &t);
    assert_date(t, 2026, 3, 1);
    cal_period(CAL_AGENDA, D(2026, 2, 28), &f, &t);
    assert_date(t, 2026, 3, 14);
    assert_date(cal_shift(CAL_MONTH, D(2026, 1, 31), 1), 2026, 2, 28);
    assert_date(cal_shift(CAL_WEEK, D(2026, 12, 30), 1), 2027, 1, 6);
    assert_date(cal_shift(CAL_DAY, D(2026, 3, 1), -1), 2026, 2, 28);
}

static void test_month_grid(void **state)
{
    (void)state;
    struct CalDate c[42];
    /* February 2021 starts on a Monday and has 28 days: exactly four weeks. */
    assert_int_equal(cal_month_grid(D(2021, 2, 10), c), 4);
    assert_date(c[0], 2021, 2, 1);
    assert_date(c[27], 2021, 2, 28);
    /* August 2021 starts on a Sunday and has 31 days: six weeks. */
    assert_int_equal(cal_month_grid(D(2021, 8, 1), c), 6);
    assert_date(c[0], 2021, 7, 26);
    assert_date(c[6], 2021, 8, 1);
    assert_date(c[41], 2021, 9, 5);
    /* December 2026 starts on a Tuesday: five weeks. */
    assert_int_equal(cal_month_grid(D(2026, 12, 31), c), 5);
    assert_date(c[0], 2026, 11, 30);
    assert_date(c[1], 2026, 12, 1);
}

static void test_parse(void **state)
{
    (void)state;
    struct CalDate today = D(2026, 12, 1), d = D(1, 1, 1); /* a Tuesday */
    assert_true(cal_parse("2026-12-25", today, &d));
    assert_date(d, 2026, 12, 25);
    assert_true(cal_parse("  2027-02-28 ", today, &d));
    assert_date(d, 2027, 2, 28);
    assert_true(cal_parse("+3d", today, &d));
    assert_date(d, 2026, 12, 4);
    assert_true(cal_parse("+3", today, &d));
    assert_date(d, 2026, 12, 4);
    assert_true(cal_parse("-2d", today, &d));
    assert_date(d, 2026, 11, 29);
    assert_true(cal_parse("+1w", today, &d));
    assert_date(d, 2026, 12, 8);
    assert_true(cal_parse("+2m", today, &d));
    assert_date(d, 2027, 2, 1);
    assert_true(cal_parse("mon", today, &d));
    assert_date(d, 2026, 12, 7);
    assert_true(cal_parse("Tuesday", today, &d)); /* today counts */
    assert_date(d, 2026, 12, 1);
    assert_true(cal_parse("sun", today, &d));
    assert_date(d, 2026, 12, 6);
    assert_true(cal_parse("tomorrow", today, &d));
    assert_date(d, 2026, 12, 2);
    assert_true(cal_parse("today", today, &d));
    assert_date(d, 2026, 12, 1);
    d = D(1, 1, 1);
    const char *bad[] = {
        "",           "2026-02-30", "2026-13-01", "mo",          "moon",
        "+3x",        "+",          "+3dd",       "2026-12-01x", "12/01/2026",
        "2026-+1-+1", "2026- 1- 1", "2026-1-",    "+2026-01-01", "'; DROP TABLE bookings; --",
        NULL};
    for (int i = 0; bad[i]; i++) {
        assert_false(cal_parse(bad[i], today, &d));
        assert_int_equal(d.y, 1); /* untouched */
    }
    assert_false(cal_parse(NULL, today, &d));
    char buf[16];
    cal_format(D(2026, 3, 9), buf, sizeof buf);
    assert_string_equal(buf, "2026-03-09");
}

static time_t utc(const char *s)
{
    time_t t;
    assert_true(tz_parse_utc(s, &t));
    return t;
}

static void test_zones(void **state)
{
    (void)state;
    /* 23:30 UTC is the next day in Moscow and the same day in New York. */
    time_t t = utc("2026-05-14 23:30:00");
    assert_true(tz_set("Europe/Moscow"));
    assert_date(cal_from_time(t), 2026, 5, 15);
    assert_int_equal(cal_start(D(2026, 5, 15)), utc("2026-05-14 21:00:00"));
    assert_true(tz_set("America/New_York"));
    assert_date(cal_from_time(t), 2026, 5, 14);
    assert_int_equal(cal_start(D(2026, 5, 14)), utc("2026-05-14 04:00:00"));
    assert_true(tz_set("UTC"));
    assert_int_equal(cal_start(D(2026, 5, 14)), utc("2026-05-14 00:00:00"));
}

static void test_dst(void **state)
{
    (void)state;
    /* New York: 2026-03-08 has 23 hours, 2026-11-01 has 25. */
    assert_true(tz_set("America/New_York"));
    assert_int_equal(cal_start(D(2026, 3, 8)), utc("2026-03-08 05:00:00"));
    assert_int_equal(cal_start(D(2026, 3, 9)) - cal_start(D(2026, 3, 8)), 23 * 3600);
    assert_int_equal(cal_start(D(2026, 11, 2)) - cal_start(D(2026, 11, 1)), 25 * 3600);
    assert_date(cal_from_time(utc("2026-11-02 04:59:59")), 2026, 11, 1);
    assert_date(cal_from_time(utc("2026-11-02 05:00:00")), 2026, 11, 2);
    /* Lisbon: the last Sunday of March springs forward at 01:00 UTC. */
    assert_true(tz_set("Europe/Lisbon"));
    assert_int_equal(cal_start(D(2026, 3, 30)) - cal_start(D(2026, 3, 29)), 23 * 3600);
    /* A week across the change is 7 days minus an hour. */
    struct CalDate f, to;
    cal_period(CAL_WEEK, D(2026, 3, 25), &f, &to);
    assert_int_equal(cal_start(to) - cal_start(f), 7 * 86400 - 3600);
    /* São Paulo in 2018 moved its clocks at midnight: that day began at 01:00 local. */
    assert_true(tz_set("America/Sao_Paulo"));
    time_t s = cal_start(D(2018, 11, 4));
    assert_date(cal_from_time(s), 2018, 11, 4);
    assert_date(cal_from_time(s - 1), 2018, 11, 3);
    assert_int_equal(s, utc("2018-11-04 03:00:00"));
    assert_true(tz_set("UTC"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_roundtrip),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_weeks),
        cmocka_unit_test(test_month_grid),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_zones),
        cmocka_unit_test(test_dst),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
