#include "config.h"

#include "src/util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "src/util/xalloc.h"

static FILE *log_fp;

bool log_open(const char *path, char **err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        return false;
    }
    log_fp = fdopen(fd, "a");
    if (!log_fp) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        close(fd);
        return false;
    }
    setvbuf(log_fp, NULL, _IOLBF, 0);
    return true;
}

void log_close(void)
{
    if (log_fp)
        fclose(log_fp);
    log_fp = NULL;
}

void log_msg(const char *fmt, ...)
{
    if (!log_fp)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    fprintf(log_fp, "%s.%03ldZ ", stamp, ts.tv_nsec / 1000000);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_fp, fmt, ap);
    va_end(ap);
    fputc('\n', log_fp);
}
