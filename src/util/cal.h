/* Calendar arithmetic for the Bookings tab: plain dates, periods (day, week, month, agenda),
 * month grids and the date forms the user types (:goto 2026-12-01, +3d, mon, today). A date is
 * a day of the display zone (src/util/tz.h); cal_start() turns it into the UTC instant where that
 * day begins, DST included. Weeks start on Monday. */
#ifndef SD_CAL_H
#define SD_CAL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct CalDate {
    int y, m, d; /* m 1..12, d 1..31 */
};

enum CalView {
    CAL_DAY,
    CAL_WEEK,
    CAL_MONTH,
    CAL_AGENDA,
};

#define CAL_AGENDA_DAYS 14

/* The view's name ("day", ...) and back; false for an unknown name. */
const char *cal_view_name(enum CalView v);
bool cal_view_from_name(const char *s, enum CalView *out);

bool cal_valid(struct CalDate d);
int cal_days_in_month(int y, int m);
/* Days since 1970-01-01 and back (proleptic Gregorian; no time zone involved). */
long cal_to_days(struct CalDate d);
struct CalDate cal_from_days(long days);
struct CalDate cal_add_days(struct CalDate d, int n);
/* Moves by whole months, clamping the day (31 Jan + 1 month = 28/29 Feb). */
struct CalDate cal_add_months(struct CalDate d, int n);
int cal_cmp(struct CalDate a, struct CalDate b);
/* 0 = Monday ... 6 = Sunday. */
int cal_weekday(struct CalDate d);
struct CalDate cal_week_start(struct CalDate d);

/* The display-zone date of instant t, and the instant its day starts (DST-safe). */
struct CalDate cal_from_time(time_t t);
time_t cal_start(struct CalDate d);

/* [*from, *to) of the period of view v that holds anchor: the day, the Monday-Sunday week, the
 * calendar month, or CAL_AGENDA_DAYS days from anchor. */
void cal_period(enum CalView v, struct CalDate anchor, struct CalDate *from, struct CalDate *to);
/* The anchor one period before (dir < 0) or after (dir > 0). */
struct CalDate cal_shift(enum CalView v, struct CalDate anchor, int dir);
/* The 6x7 month grid of anchor's month: cells[0] is the Monday on or before the 1st. Returns the
 * number of weeks the month spans (4..6). */
int cal_month_grid(struct CalDate anchor, struct CalDate cells[42]);

/* Parses what the user typed, relative to today: YYYY-MM-DD, today, tomorrow, yesterday,
 * +Nd/-Nd, +Nw/-Nw, +Nm/-Nm, and a weekday name (mon .. sun, or in full: the next such day,
 * today included). False (with *out untouched) when it is none of these. */
bool cal_parse(const char *s, struct CalDate today, struct CalDate *out);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
void cal_format(struct CalDate d, char *buf, size_t size);

#endif
