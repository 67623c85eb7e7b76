#include "config.h"

#include "src/util/cal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const view_names[] = {"day", "week", "month", "agenda"};

const char *cal_view_name(enum CalView v)
{
    return (unsigned)v < 4 ? view_names[v] : "?";
}

bool cal_view_from_name(const char *s, enum CalView *out)
{
    for (int i = 0; s && i < 4; i++) {
        if (strcasecmp(s, view_names[i]) == 0) {
            *out = (enum CalView)i;
            return true;
        }
    }
    return false;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cal_days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return dm[m - 1] + (m == 2 && leap(y));
}

bool cal_valid(struct CalDate d)
{
    return d.y >= 1 && d.y <= 9999 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= cal_days_in_month(d.y, d.m);
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
long cal_to_days(struct CalDate d)
{
    long y = d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct CalDate cal_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    struct CalDate r;
    r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
    r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
    r.y = (int)(y + (r.m <= 2));
    return r;
}

struct CalDate cal_add_days(struct CalDate d, int n)
{
    return cal_from_days(cal_to_days(d) + n);
}

struct CalDate cal_add_months(struct CalDate d, int n)
{
    int idx = d.y * 12 + (d.m - 1) + n;
    struct CalDate r = {idx / 12, idx % 12 + 1, d.d};
    int dim = cal_days_in_month(r.y, r.m);
    if (r.d > dim)
        r.d = dim;
    return r;
}

int cal_cmp(struct CalDate a, struct CalDate b)
{
    long x = cal_to_days(a), y = cal_to_days(b);
    return x < y ? -1 : x > y;
}

int cal_weekday(struct CalDate d)
{
    long z = cal_to_days(d); /* 1970-01-01 was a Thursday (3) */
    return (int)(((z % 7) + 7 + 3) % 7);
}

struct CalDate cal_week_start(struct CalDate d)
{
    return cal_add_days(d, -cal_weekday(d));
}

struct CalDate cal_from_time(time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    struct CalDate d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

time_t cal_start(struct CalDate d)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = d.y - 1900;
    tm.tm_mon = d.m - 1;
    tm.tm_mday = d.d;
    tm.tm_isdst = -1; /* let mktime decide across a DST change */
    time_t t = mktime(&tm);
    /* Where midnight does not exist (a DST change at 00:00) mktime may land an hour off either
     * way: settle on the first instant whose local date is d, in 15-minute steps. */
    for (int i = 0; i < 12 && cal_cmp(cal_from_time(t), d) < 0; i++)
        t += 900;
    for (int i = 0; i < 12 && cal_cmp(cal_from_time(t - 900), d) == 0; i++)
        t -= 900;
    return t;
}

void cal_period(enum CalView v, struct CalDate anchor, struct CalDate *from, struct CalDate *to)
{
    switch (v) {
    case CAL_WEEK:
        *from = cal_week_start(anchor);
        *to = cal_add_days(*from, 7);
        return;
    case CAL_MONTH:
        *from = (struct CalDate){anchor.y, anchor.m, 1};
        *to = cal_add_months(*from, 1);
        return;
    case CAL_AGENDA:
        *from = anchor;
        *to = cal_add_days(anchor, CAL_AGENDA_DAYS);
        return;
    case CAL_DAY:
    default:
        *from = anchor;
        *to = cal_add_days(anchor, 1);
        return;
    }
}

struct CalDate cal_shift(enum CalView v, struct CalDate anchor, int dir)
{
    int s = dir < 0 ? -1 : 1;
    switch (v) {
    case CAL_WEEK:
        return cal_add_days(anchor, 7 * s);
    case CAL_MONTH:
        return cal_add_months(anchor, s);
    case CAL_AGENDA:
        return cal_add_days(anchor, CAL_AGENDA_DAYS * s);
    case CAL_DAY:
    default:
        return cal_add_days(anchor, s);
    }
}

int cal_month_grid(struct CalDate anchor, struct CalDate cells[42])
{
    struct CalDate first = {anchor.y, anchor.m, 1};
    struct CalDate start = cal_week_start(first);
    for (int i = 0; i < 42; i++)
        cells[i] = cal_add_days(start, i);
    int used = cal_weekday(first) + cal_days_in_month(anchor.y, anchor.m);
    return (used + 6) / 7;
}

static const char *const wd_names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};

bool cal_parse(const char *s, struct CalDate today, struct CalDate *out)
{
    if (!s)
        return false;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n == 0 || n > 20)
        return false;
    char w[24];
    memcpy(w, s, n);
    w[n] = '\0';

    if (strcasecmp(w, "today") == 0 || strcmp(w, ".") == 0) {
        *out = today;
        return true;
    }
    if (strcasecmp(w, "tomorrow") == 0) {
        *out = cal_add_days(today, 1);
        return true;
    }
    if (strcasecmp(w, "yesterday") == 0) {
        *out = cal_add_days(today, -1);
        return true;
    }
    if (w[0] == '+' || w[0] == '-') {
        char *end;
        long k = strtol(w + 1, &end, 10);
        if (end == w + 1 || k > 100000)
            return false;
        char unit = *end ? (char)tolower((unsigned char)*end) : 'd';
        if (*end && end[1])
            return false;
        if (w[0] == '-')
            k = -k;
        if (unit == 'd')
            *out = cal_add_days(today, (int)k);
        else if (unit == 'w')
            *out = cal_add_days(today, (int)(7 * k));
        else if (unit == 'm')
            *out = cal_add_months(today, (int)k);
        else
            return false;
        return cal_valid(*out);
    }
    if (n >= 3 && isalpha((unsigned char)w[0])) {
        for (int i = 0; i < 7; i++) {
            if (strncasecmp(w, wd_names[i], n) == 0) {
                *out = cal_add_days(today, (i - cal_weekday(today) + 7) % 7);
                return true;
            }
        }
        return false;
    }
    /* YYYY-M(M)-D(D) in digits only: sscanf alone would take signs and blanks (2026-+1-+1). */
    struct CalDate d;
    char tail;
    if (strspn(w, "0123456789-") == n && n >= 8 && w[4] == '-' && w[n - 1] != '-' &&
        sscanf(w, "%4d-%2d-%2d%c", &d.y, &d.m, &d.d, &tail) == 3 && cal_valid(d)) {
        *out = d;
        return true;
    }
    return false;
}

void cal_format(struct CalDate d, char *buf, size_t size)
{
    snprintf(buf, size, "%04d-%02d-%02d", d.y, d.m, d.d);
}
