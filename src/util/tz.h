/* The display time zone. The database holds UTC timestamps without a zone; everything shown is
 * converted here, and "today" is computed in the display zone, DST included. */
#ifndef SD_TZ_H
#define SD_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Sets the display zone (an IANA name such as "Europe/Moscow"); NULL keeps the local zone.
 * Returns false when the zone is unknown. */
bool tz_set(const char *name);
/* The display zone's name for the status line ("local" when not set). */
const char *tz_name(void);
/* Parses a UTC "YYYY-MM-DD HH:MM:SS[.fff]" from the database; false when it is not one. */
bool tz_parse_utc(const char *s, time_t *out);
/* Formats a UTC time as "YYYY-MM-DD HH:MM:SS" for a query parameter. */
void tz_format_utc(time_t t, char *buf, size_t size);
/* Formats t in the display zone with strftime's fmt. */
void tz_format_local(time_t t, const char *fmt, char *buf, size_t size);
/* The start of the display-zone day containing t, moved by `days` days (DST-safe). */
time_t tz_day_start(time_t t, int days);

#endif
