#include "config.h"

#include "src/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "src/paths.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

char *audit_os_user(void)
{
    struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_name)
        return xstrdup(pw->pw_name);
    const char *u = getenv("USER");
    return u && *u ? xstrdup(u) : xasprintf("uid %ld", (long)getuid());
}

/* One field: safe text on one line, tabs and newlines shown as visible glyphs. */
static void field(struct StrBuf *sb, const char *raw)
{
    const char *r = raw ? raw : "";
    char *s = text_safe(r, strnlen(r, 4096), 0);
    sb_append(sb, s);
    free(s);
}

bool audit_append(const char *path, const struct AuditEntry *e, char **err)
{
    *err = NULL;
    char *own = path ? NULL : paths_state_file("audit.log", true);
    const char *file = path ? path : own;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    char *os = audit_os_user();
    char pid[24];
    snprintf(pid, sizeof pid, "%d", e->pid);
    struct StrBuf sb;
    sb_init(&sb);
    const char *fields[] = {when,           os,           e->db_user,    e->server, pid,
                            e->target_user, e->target_db, e->target_app, e->action, e->outcome,
                            e->query};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (i)
            sb_putc(&sb, '\t');
        field(&sb, fields[i]);
    }
    sb_putc(&sb, '\n');
    free(os);
    bool ok = false;
    int fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        *err = xasprintf("cannot open the audit log %s: %s", file, strerror(errno));
    } else {
        /* One write of the whole line: O_APPEND keeps lines whole across processes. */
        ssize_t w = write(fd, sb.s, sb.len);
        if (w != (ssize_t)sb.len)
            *err = xasprintf("cannot write the audit log %s: %s", file,
                             w < 0 ? strerror(errno) : "short write");
        else
            ok = true;
        if (close(fd) != 0 && ok) {
            *err = xasprintf("cannot write the audit log %s: %s", file, strerror(errno));
            ok = false;
        }
    }
    sb_free(&sb);
    free(own);
    return ok;
}
