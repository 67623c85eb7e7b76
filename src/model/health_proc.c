/* Backends' CPU, memory and I/O from /proc, and the host's load and memory (health_proc.h). */
#include "config.h"

#include "src/model/health_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "src/model/health.h"
#include "src/util/xalloc.h"

bool procstat_parse_stat(const char *line, struct ProcStat *out)
{
    memset(out, 0, sizeof *out);
    const char *open = line ? strchr(line, '(') : NULL;
    const char *close = line ? strrchr(line, ')') : NULL; /* the name may hold ')' itself */
    if (!open || !close || close < open || close[1] != ' ')
        return false;
    size_t n = (size_t)(close - open - 1);
    if (n >= sizeof out->comm)
        n = sizeof out->comm - 1;
    memcpy(out->comm, open + 1, n);
    out->comm[n] = '\0';
    /* Fields after the name, numbered as in proc(5): 3 state, 4 ppid, 14 utime, 15 stime,
     * 24 rss. */
    const char *s = close + 2;
    unsigned long long utime = 0, stime = 0;
    long long rss = 0;
    char state = 0;
    int ppid = 0;
    int got = sscanf(s,
                     "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %*d %*d %*d %*d %*d "
                     "%*d %*u %*u %lld",
                     &state, &ppid, &utime, &stime, &rss);
    if (got != 5)
        return false;
    out->state = state;
    out->ppid = ppid;
    out->ticks = utime + stime;
    out->rss_pages = rss;
    return true;
}

static bool key_value(const char *text, const char *key, unsigned long long *v)
{
    size_t kl = strlen(key);
    for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        if (strncmp(l, key, kl) == 0 && l[kl] == ':') {
            char *end = NULL;
            errno = 0;
            unsigned long long x = strtoull(l + kl + 1, &end, 10);
            if (errno || end == l + kl + 1)
                return false;
            *v = x;
            return true;
        }
    }
    return false;
}

bool procstat_parse_io(const char *text, unsigned long long *rd, unsigned long long *wr)
{
    return text && key_value(text, "read_bytes", rd) && key_value(text, "write_bytes", wr);
}

long long procstat_meminfo(const char *text, const char *key)
{
    unsigned long long v;
    return text && key_value(text, key, &v) ? (long long)v : -1;
}

bool procstat_parse_loadavg(const char *text, double load[3])
{
    return text && sscanf(text, "%lf %lf %lf", &load[0], &load[1], &load[2]) == 3;
}

bool procstat_is_postgres(const char *comm, const char *cmdline)
{
    if (comm && (strcmp(comm, "postgres") == 0 || strcmp(comm, "postmaster") == 0))
        return true;
    return cmdline && strncmp(cmdline, "postgres:", 9) == 0;
}

bool procstat_host_local(const char *host)
{
    if (!host || !*host || host[0] == '/' || host[0] == '@')
        return true; /* a Unix socket (directory, or Linux's abstract namespace) */
    return strcmp(host, "localhost") == 0 || strcmp(host, "127.0.0.1") == 0 ||
           strcmp(host, "::1") == 0;
}

/* Reads a small /proc file into buf; the bytes read, or -1 (errno set). */
static ssize_t read_small(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -1;
    ssize_t n = read(fd, buf, size - 1);
    int e = errno;
    close(fd);
    errno = e;
    if (n < 0)
        return -1;
    buf[n] = '\0';
    return n;
}

static bool read_stat(int pid, struct ProcStat *st)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    return read_small(path, buf, sizeof buf) > 0 && procstat_parse_stat(buf, st) &&
           procstat_is_postgres(st->comm, NULL);
}

/* 0: read; 1: not permitted; -1: gone or unreadable otherwise. */
static int read_io(int pid, unsigned long long *rd, unsigned long long *wr)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/io", pid);
    if (read_small(path, buf, sizeof buf) < 0)
        return errno == EACCES || errno == EPERM ? 1 : -1;
    return procstat_parse_io(buf, rd, wr) ? 0 : -1;
}

static const struct HealthProcPrev *find_prev(const struct HealthProc *p, int pid)
{
    for (int i = 0; i < p->nprev; i++)
        if (p->prev[i].pid == pid)
            return &p->prev[i];
    return NULL;
}

/* The column name in *act, added (all NULL) when missing. */
static int ensure_col(struct DbRows **act, const char *name)
{
    int c = db_rows_col(*act, name);
    if (c >= 0)
        return c;
    struct DbRows *o = *act, *n = db_rows_new(o->nrows, o->ncols + 1);
    for (int i = 0; i < o->ncols; i++) {
        n->names[i] = o->names[i];
        o->names[i] = NULL;
        n->types[i] = o->types[i];
    }
    n->names[o->ncols] = xstrdup(name);
    for (int r = 0; r < o->nrows; r++)
        for (int i = 0; i < o->ncols; i++) {
            n->cells[(size_t)r * (size_t)n->ncols + (size_t)i] =
                o->cells[(size_t)r * (size_t)o->ncols + (size_t)i];
            o->cells[(size_t)r * (size_t)o->ncols + (size_t)i] = NULL;
        }
    db_rows_free(&o);
    *act = n;
    return n->ncols - 1;
}

static void set_cell(struct DbRows *r, int row, int col, char *v)
{
    char **c = &r->cells[(size_t)row * (size_t)r->ncols + (size_t)col];
    free(*c);
    *c = v;
}

static char *rate(double bytes_s)
{
    char b[32];
    health_format_bytes(bytes_s, b, sizeof b);
    return xasprintf("%s/s", b);
}

static void read_host(struct HealthProc *p)
{
    char buf[4096];
    p->have_host =
        read_small("/proc/loadavg", buf, sizeof buf) > 0 && procstat_parse_loadavg(buf, p->load);
    if (read_small("/proc/meminfo", buf, sizeof buf) > 0) {
        p->mem_total_kb = procstat_meminfo(buf, "MemTotal");
        p->mem_avail_kb = procstat_meminfo(buf, "MemAvailable");
    } else {
        p->mem_total_kb = p->mem_avail_kb = -1;
    }
}

static bool decide_local(struct HealthProc *p, const char *host, int self_pid)
{
    free(p->why);
    p->why = NULL;
#ifndef __linux__
    (void)host;
    (void)self_pid;
    p->why = xstrdup("per-process figures: only on Linux");
    return false;
#else
    struct ProcStat st;
    if (!procstat_host_local(host) || self_pid <= 0 || !read_stat(self_pid, &st))
        p->why = xstrdup("per-process figures: server not on this host");
    return p->why == NULL;
#endif
}

/* One backend's figures into row r; fills next. */
static void measure(struct HealthProc *p, struct DbRows *a, int r, int pid, double dt,
                    struct HealthProcPrev *next, const int cols[4])
{
    struct ProcStat st;
    next->pid = 0;
    if (pid <= 0 || !read_stat(pid, &st))
        return;
    const struct HealthProcPrev *pv = find_prev(p, pid);
    static long hz, page;
    if (!hz) {
        hz = sysconf(_SC_CLK_TCK);
        page = sysconf(_SC_PAGESIZE);
    }
    next->pid = pid;
    next->ticks = st.ticks;
    if (pv && dt > 0 && hz > 0 && st.ticks >= pv->ticks)
        set_cell(a, r, cols[0], xasprintf("%.1f", (double)(st.ticks - pv->ticks) / hz / dt * 100));
    char b[32];
    health_format_bytes((double)st.rss_pages * (double)(page > 0 ? page : 4096), b, sizeof b);
    set_cell(a, r, cols[1], xstrdup(b));
    int io = read_io(pid, &next->rd, &next->wr);
    next->io = io == 0;
    if (io == 1) {
        p->io_hidden = true;
        set_cell(a, r, cols[2], xstrdup("hidden"));
        set_cell(a, r, cols[3], xstrdup("hidden"));
    } else if (io == 0 && pv && pv->io && dt > 0 && next->rd >= pv->rd && next->wr >= pv->wr) {
        set_cell(a, r, cols[2], rate((double)(next->rd - pv->rd) / dt));
        set_cell(a, r, cols[3], rate((double)(next->wr - pv->wr) / dt));
    }
}

void health_proc_sample(struct HealthProc *p, struct DbRows **act, const char *host, int self_pid,
                        int64_t now_ms)
{
    p->local = decide_local(p, host, self_pid);
    if (!p->local || !*act) {
        p->nprev = 0;
        return;
    }
    read_host(p);
    static const char *const names[4] = {"cpu_pct", "mem", "read", "write"};
    int cols[4];
    for (int i = 0; i < 4; i++)
        cols[i] = ensure_col(act, names[i]);
    struct DbRows *a = *act;
    int pidc = db_rows_col(a, "pid");
    int n = a->nrows < HEALTH_PROC_MAX ? a->nrows : HEALTH_PROC_MAX;
    struct HealthProcPrev *next = xcalloc((size_t)n + 1, sizeof *next);
    double dt = p->prev_ms > 0 ? (double)(now_ms - p->prev_ms) / 1000.0 : 0;
    p->io_hidden = false;
    for (int r = 0; r < n; r++) {
        const char *v = db_rows_get(a, r, pidc);
        measure(p, a, r, v ? atoi(v) : 0, dt, &next[r], cols);
    }
    free(p->prev);
    p->prev = next;
    p->nprev = n;
    p->prev_ms = now_ms;
}

char *health_proc_line(const struct HealthProc *p)
{
    if (!p->local)
        return xstrdup(p->why ? p->why : "per-process figures: server not on this host");
    char total[32] = "?", avail[32] = "?";
    if (p->mem_total_kb >= 0)
        health_format_bytes((double)p->mem_total_kb * 1024, total, sizeof total);
    if (p->mem_avail_kb >= 0)
        health_format_bytes((double)p->mem_avail_kb * 1024, avail, sizeof avail);
    char load[64] = "?";
    if (p->have_host)
        snprintf(load, sizeof load, "%.2f %.2f %.2f", p->load[0], p->load[1], p->load[2]);
    return xasprintf("host load %s · memory %s available of %s%s", load, avail, total,
                     p->io_hidden ? " · read/write hidden: /proc/PID/io is readable only by "
                                    "the server's OS user or root"
                                  : "");
}

void health_proc_free(struct HealthProc *p)
{
    free(p->why);
    free(p->prev);
    memset(p, 0, sizeof *p);
}
