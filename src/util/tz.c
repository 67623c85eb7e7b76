#include "config.h"

#include "src/util/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char zone_name[300];

bool tz_set(const char *name)
{
    if (!name || !*name)
        return true;
    /* glibc silently falls back to UTC for an unknown zone: check the zone file first. */
    if (strcmp(name, "UTC") != 0 && name[0] != ':' && strchr(name, '/') == NULL)
        return false;
    if (strcmp(name, "UTC") != 0) {
        const char *zn = name[0] == ':' ? name + 1 : name;
        char path[512];
        snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zn);
        if (zn[0] == '/' ? access(zn, R_OK) != 0 : access(path, R_OK) != 0)
            return false;
    }
    setenv("TZ", name, 1);
    tzset();
    snprintf(zone_name, sizeof zone_name, "%s", name);
    return true;
}

const char *tz_name(void)
{
    if (zone_name[0])
        return zone_name;
    /* The local zone: TZ, else the zone file /etc/localtime points to, else its abbreviation. */
    const char *env = getenv("TZ");
    char link[256];
    ssize_t n;
    if (env && *env) {
        snprintf(zone_name, sizeof zone_name, "%s", env[0] == ':' ? env + 1 : env);
    } else if ((n = readlink("/etc/localtime", link, sizeof link - 1)) > 0) {
        link[n] = '\0';
        const char *z = strstr(link, "zoneinfo/");
        snprintf(zone_name, sizeof zone_name, "%s", z ? z + 9 : link);
    } else {
        tzset();
        snprintf(zone_name, sizeof zone_name, "%s", tzname[0]);
    }
    return zone_name;
}

bool tz_parse_utc(const char *s, time_t *out)
{
    if (!s)
        return false;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
    if (!end)
        end = strptime(s, "%Y-%m-%d", &tm);
    if (!end)
        return false;
    *out = timegm(&tm);
    return true;
}

void tz_format_utc(time_t t, char *buf, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void tz_format_local(time_t t, const char *fmt, char *buf, size_t size)
{
    struct tm tm;
    localtime_r(&t, &tm);
    if (strftime(buf, size, fmt, &tm) == 0 && size)
        buf[0] = '\0';
}
#pragma GCC diagnostic pop

time_t tz_day_start(time_t t, int days)
{
    struct tm tm;
    localtime_r(&t, &tm);
    tm.tm_mday += days;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1; /* let mktime decide across a DST change */
    return mktime(&tm);
}
