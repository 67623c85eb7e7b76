/* Per-backend CPU, memory and I/O from /proc when the server runs on this host (Linux), and the
 * host's load and memory. The parsers are pure; health_proc_sample reads a few small files per
 * backend, never blocks on the network, and leaves the columns empty when it cannot know. */
#ifndef SD_MODEL_HEALTH_PROC_H
#define SD_MODEL_HEALTH_PROC_H

#include <stdbool.h>
#include <stdint.h>

#include "src/db/rows.h"

/* The fields of /proc/PID/stat that are used. */
struct ProcStat {
    char comm[64]; /* the name between the parentheses, may hold spaces and ')' */
    char state;    /* R, S, D, ... */
    int ppid;
    unsigned long long ticks; /* utime + stime, clock ticks */
    long long rss_pages;
};

/* Parses one /proc/PID/stat line; false when it is not one. */
bool procstat_parse_stat(const char *line, struct ProcStat *out);
/* read_bytes and write_bytes of a /proc/PID/io text; false when either is missing. */
bool procstat_parse_io(const char *text, unsigned long long *rd, unsigned long long *wr);
/* The kB value of key ("MemTotal") in a /proc/meminfo text, or -1. */
long long procstat_meminfo(const char *text, const char *key);
/* The three load averages of a /proc/loadavg text. */
bool procstat_parse_loadavg(const char *text, double load[3]);
/* A process name that is a PostgreSQL backend's ("postgres", or a cmdline "postgres: ..."). */
bool procstat_is_postgres(const char *comm, const char *cmdline);
/* The server host as libpq reports it is this machine: a Unix socket directory, localhost,
 * 127.0.0.1 or ::1 (NULL or "": the default socket). */
bool procstat_host_local(const char *host);

struct HealthProcPrev {
    int pid;
    unsigned long long ticks, rd, wr;
    bool io;
};

struct HealthProc {
    bool local;     /* the last sample measured backends on this host */
    char *why;      /* why there are no per-process figures, or NULL */
    bool io_hidden; /* /proc/PID/io was not readable for some backend */
    struct HealthProcPrev *prev;
    int nprev;
    int64_t prev_ms; /* monotonic time of prev */
    bool have_host;
    double load[3];
    long long mem_total_kb, mem_avail_kb;
};

#define HEALTH_PROC_MAX 256 /* backends measured per refresh, at most */

/* Measures the backends of the activity rows (column pid) at monotonic now_ms and fills the
 * columns cpu_pct, mem, read and write of *act (added when missing; NULL when unknown). host:
 * db_conn_host(); self_pid: the console's own backend, which must look like a postgres
 * process for the figures to be trusted. */
void health_proc_sample(struct HealthProc *p, struct DbRows **act, const char *host, int self_pid,
                        int64_t now_ms);
/* The activity view's header line: host load and memory, or why the figures are absent. Heap. */
char *health_proc_line(const struct HealthProc *p);
void health_proc_free(struct HealthProc *p);

#endif
