/* The Health tab's model: live samples of pg_stat_database and pg_stat_activity (one statement
 * per refresh), the blocking tree built from pg_blocking_pids, slower views (tables, indexes,
 * statements, replication) on their own interval, the last 30 minutes of samples to step
 * through, and the cancel/terminate actions with their audit trail. The pane reads this; it never
 * runs SQL. */
#ifndef SD_MODEL_HEALTH_H
#define SD_MODEL_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "src/config/config.h"
#include "src/db/rows.h"
#include "src/model/health_pool.h"
#include "src/model/health_proc.h"
#include "src/model/tabledata.h"
#include "src/tabmodel.h"

struct App;

#define HEALTH_POOL_SHOWS 4 /* POOLER__COUNT (pooler_sql.h) */

enum HealthView {
    HV_ACTIVITY,
    HV_BLOCKING,
    HV_TABLES,
    HV_INDEXES,
    HV_STATEMENTS,
    HV_REPLICATION,
    HV_POOLS, /* the pooler's pools (health_pool.h) */
    HV__COUNT,
};

enum HealthLevel {
    HL_OK,
    HL_WARN,
    HL_CRIT,
};

/* The strip above every view. Counters are cumulative (pg_stat_database); rates are the deltas
 * to the previous sample divided by the seconds between them (server clock). -1: unknown. */
struct HealthSummary {
    bool valid;
    double clock; /* server epoch seconds of the sample */
    long long max_connections;
    int sessions, active, idle, idle_tx, waiting, other; /* client backends by state */
    int blocked;                                         /* sessions waiting on a lock */
    int hidden; /* sessions of other roles whose state and query this role may not see */
    long long xacts, blks_hit, blks_read, tup_read, tup_written, temp_bytes, deadlocks;
    bool have_rates;
    double tps, read_s, written_s, temp_bytes_s, deadlocks_d;
    double cache_hit_pct; /* of all reads since the stats reset; -1 when none */
    long long uptime_s;
    double longest_xact_s, longest_query_s; /* -1 when none visible */
    long long oldest_xmin_age;              /* -1 when none visible */
    long long frozen_age;
    double wraparound_pct; /* frozen_age of 2^31 */
    int self_pid;
};

/* One live refresh, kept in the history. */
struct HealthSample {
    time_t at;
    struct HealthSummary sum;
    struct DbRows *activity; /* the sessions, columns without the s_ prefix; owned */
    size_t bytes;            /* memory it holds, for the history's budget */
};

#define HEALTH_HISTORY_SECONDS (30 * 60)
#define HEALTH_HISTORY_BYTES (8u * 1024 * 1024)

struct HealthHistory {
    struct HealthSample *s; /* oldest first */
    int n, cap;
    size_t bytes;
};

enum HealthAsk {
    HA_NONE,
    HA_CANCEL,
    HA_TERMINATE,
};

/* A session a confirmation names: pid, its role and the query it ran when asked. */
struct HealthTarget {
    int pid;
    char *user, *query;
};

/* Platform figures from the slow refresh; -1: the table or column is missing or unreadable. */
struct HealthSlow {
    bool valid;
    bool tried; /* a slow refresh has completed, well or not */
    long long db_size;
    long long webhook_errors_1h, failed_messages_1h;
    double bookings_pm, messages_pm;   /* -1: not known yet (needs two slow refreshes) */
    double bookings_ins, messages_ins; /* the insert counters at ins_at (-1: unreadable) */
    int64_t ins_at;
    char *pgss_schema; /* where pg_stat_statements lives, or NULL when it is not installed */
    char *pgss_total;  /* its total time column (total_exec_time, or total_time before 1.8) */
    bool pgss_info;    /* it has pg_stat_statements_info (1.9 on) */
};

/* A standby that streamed from this server earlier in the session and does not any more. */
struct HealthGone {
    char *key;  /* application_name@client, as seen */
    char *name; /* application_name, or the client address */
    time_t since;
};

/* Replication, both sides, from the last replication refresh (replication_sql.h). */
struct HealthRepl {
    bool valid; /* a result has arrived */
    bool tried; /* a replication refresh has completed, well or not */
    bool standby;
    /* On a standby: the replay's pause state ("not paused", "pause requested", "paused"), the
     * WAL receiver's status (NULL when there is none), bytes received and not replayed, the
     * replay lag (0 when caught up with what was received), the receiver's last message age;
     * -1 when unknown. receiver_hidden: there is one, but the role cannot see its details. */
    char *pause;
    char *receiver;
    bool receiver_hidden;
    long long behind_bytes;
    double lag_s, last_msg_s;
    /* On a primary: the standbys streaming from it, hidden ones among them, their worst replay
     * lag (-1: none known), inactive slots holding WAL. */
    int standbys, hidden, slots_idle;
    double worst_lag_s;
    enum HealthLevel level; /* the worst row's */
    char *alert;            /* the worst row's alert in words, or NULL when all is well */
    char **seen;            /* standby keys seen this session */
    int nseen;
    struct HealthGone *gone; /* seen and now missing, until acknowledged */
    int ngone;
};

struct HealthModel {
    enum HealthView view;
    struct HealthHistory hist;
    int back; /* 0: live; k: the k-th sample before the newest */
    struct HealthSummary sum;
    struct TableData activity;         /* presented: sorted, idle hidden, flagged; user's filter */
    struct TableData blocking;         /* the tree of the presented sample */
    struct TableData views[HV__COUNT]; /* tables, indexes, statements, replication */
    struct HealthSlow slow;
    struct HealthRepl repl;
    struct DbRows *repl_raw; /* the last replication result, owned */
    bool repl_loading;
    int64_t next_repl;
    struct HealthPool pool;                     /* the pooler in front, from its admin console */
    struct DbRows *pool_raw[HEALTH_POOL_SHOWS]; /* its last answers (pooler_sql.h), owned */
    int pool_pending;                           /* of those, still on the wire */
    int64_t next_pool, next_pool_config;
    bool live_loading, slow_loading, view_loading;
    bool slow_webhooks; /* the slow refresh in flight counts the webhook errors too */
    enum HealthView view_in_flight;
    int64_t next_live, next_slow, next_webhooks, next_view[HV__COUNT];
    int sort;
    bool hide_idle;
    bool show_parts;    /* tables and indexes list the partitions under their parents */
    int64_t hold_until; /* the user moved the selection: present new samples after this */
    bool held;          /* a sample arrived while held */
    char *error;        /* the last live refresh's error (raw), or NULL */
    bool stale;
    double live_ms; /* the last live refresh's server round trip */
    /* Enter / e on a session. */
    int detail_pid;
    char *detail_query;
    char *detail_user; /* the role that runs it, or NULL when unknown */
    char *explain;     /* plan, or the server's words when it could not be had (raw) */
    char *explain_as;  /* the role the plan was made as */
    bool explain_loading, explain_failed;
    /* A cancel or terminate awaiting confirmation. */
    enum HealthAsk ask;
    int ask_pid;
    char *ask_user, *ask_query;
    bool ask_pooled; /* pgbouncer=true: the backend is a pooled server connection */
    /* Tagged sessions (Space): c and K ask about all of them at once. */
    struct HealthTarget *ask_targets; /* when asking about the tagged sessions, else NULL */
    int ask_n;
    int *tags;
    int ntags;
    bool acting;
    int acting_left;        /* signals still on the wire */
    struct HealthProc proc; /* per-backend figures from /proc (health_proc.h) */
};

extern const struct TabModel health_tab_model;

/* The model of app (NULL before discovery). */
struct HealthModel *health_model(struct App *app);

/* --- pure parts (health_rows.c), tested with plain rows --------------------------------------- */

/* The sort keys, in the order sort-next cycles through them. */
int health_sort_count(void);
const char *health_sort_name(int sort);

/* Counters, settings and session counts of a live result. */
void health_summary_parse(struct HealthSummary *s, const struct DbRows *live);
/* Fills cur's rates from prev (same server, earlier clock). */
void health_summary_rates(struct HealthSummary *cur, const struct HealthSummary *prev);
/* The session rows of a live result without the s_* columns (a result with no visible session
 * gives zero rows). */
struct DbRows *health_split_activity(const struct DbRows *live);
/* The rows Activity shows: a "flag" column first (me, ROOT for a blocker that waits on nobody,
 * wait, wait+blk), ages formatted, sorted by sort, idle sessions left out when hide_idle. */
struct DbRows *health_present_activity(const struct DbRows *act, int sort, bool hide_idle,
                                       int self_pid);
/* The blocking tree: one row per (blocker, waiter) edge in depth-first order, roots first;
 * columns tree, pid, user, state, lock_mode, relation, waited, query. A waiter held by several
 * blockers appears under each; cycles are cut. Zero rows when nobody waits. */
struct DbRows *health_block_tree(const struct DbRows *act);
/* The statements of cur with two more columns, d_calls and d_ms: what each cost since prev
 * (the previous refresh; NULL for the first). Empty for a statement new since then, or when
 * the statistics were reset in between. (health_stmt.c) */
struct DbRows *health_statement_deltas(const struct DbRows *cur, const struct DbRows *prev);
/* The pids of a "{1,2}" array text; returns how many (at most max). */
int health_parse_pids(const char *text, int *out, int max);
/* "12.3s" under a minute, "1:02:03" above; "" for negative. */
void health_format_age(double s, char *buf, size_t size);
/* Seconds of an age health_format_age wrote, or -1. */
double health_parse_age(const char *s);
enum HealthLevel health_level(double v, const struct Threshold *t);

/* History: keeps samples for HEALTH_HISTORY_SECONDS and within HEALTH_HISTORY_BYTES, fewer
 * as they age (every second for a minute, then one in 10 s, then one in 30 s). */
void health_history_push(struct HealthHistory *h, struct HealthSample *s); /* takes s's rows */
/* back = 0 is the newest; NULL when out of range. */
const struct HealthSample *health_history_get(const struct HealthHistory *h, int back);
/* The `back` of the newest sample taken at or before `at` (the oldest when none is). */
int health_history_find(const struct HealthHistory *h, time_t at);
void health_history_free(struct HealthHistory *h);
/* The last n values of TPS (which = 0) or active sessions (which = 1), oldest first, up to the
 * sample `back`; returns how many (samples without rates are skipped for TPS). */
int health_history_series(const struct HealthHistory *h, int back, int which, double *out, int n);

/* Replication (health_repl.c). Takes in a replication result (rows of replication_sql) at
 * wall-clock now: the figures, the levels against lag (seconds), the standbys seen so far and
 * those gone since. */
void health_repl_update(struct HealthRepl *r, const struct DbRows *raw, const struct Threshold *lag,
                        time_t now);
/* The rows the Replication view shows: an "alert" column first (CRIT, WARN or NULL), the raw
 * columns without the server row, a row for every standby gone, and "hidden" where the role
 * may not see a figure. pretty: bytes as "1.5 MB" (the screen), else exact (--once). */
struct DbRows *health_repl_present(const struct HealthRepl *r, const struct DbRows *raw,
                                   const struct Threshold *lag, bool pretty);
/* "ok", "warn" or "crit". */
const char *health_level_name(enum HealthLevel l);
/* Forgets the standbys gone; returns how many there were. */
int health_repl_ack(struct HealthRepl *r);
void health_repl_free(struct HealthRepl *r);
/* "12.3 MB"; exact bytes under 1 kB. */
void health_format_bytes(double b, char *buf, size_t size);

/* The pooler (health_pool_db.c): asks the admin console for its figures while Health is shown;
 * the time that is next due (-1: none); a refresh asked for (r) also retries a refused login. */
void health_pool_pump(struct App *app, struct HealthModel *m, bool visible, int64_t now);
int64_t health_pool_deadline(const struct App *app, const struct HealthModel *m);
void health_pool_refresh(struct App *app, struct HealthModel *m);
/* The summary's pooler entries for --once: names and values (heap or NULL); returns how many
 * were filled (at most max). Without a pooler, only "pooler" (NULL). */
int health_pool_summary(const struct HealthPool *p, const char **names, char **values, int max);

/* --- actions the pane asks for (health_act.c) ------------------------------------------------ */

void health_set_view(struct App *app, enum HealthView v);
void health_cycle_sort(struct App *app);
void health_toggle_idle(struct App *app);
/* Tables and indexes: lists each partition under its table (index), or not (the default). */
void health_toggle_parts(struct App *app);
/* The user moved the selection: live data holds still for a moment. */
void health_hold(struct App *app);
/* Steps through the history: dir < 0 older, > 0 newer. */
void health_step(struct App *app, int dir);
/* Shows the full query of pid (Enter); explain asks the server for its plan too (e). */
void health_open_detail(struct App *app, int pid, const char *user, const char *query,
                        bool explain);
void health_close_detail(struct App *app);
/* "N sessions hidden from role; GRANT pg_monitor TO role;" when the role sees other sessions
 * only as <insufficient privilege>, else NULL. Heap. */
char *health_hidden_hint(const struct App *app, const struct HealthSummary *s);
/* Asks to cancel or terminate pid; health_confirm carries it out (and audits it), typed_pid
 * must match for terminate; health_decline forgets it. */
void health_ask(struct App *app, enum HealthAsk what, int pid, const char *user, const char *query);
void health_confirm(struct App *app, int typed_pid);
void health_decline(struct App *app);
/* Tags or untags pid (Space); health_tagged says whether it is tagged. */
void health_tag(struct App *app, int pid);
bool health_tagged(const struct HealthModel *m, int pid);
void health_untag_all(struct App *app);
/* Asks to cancel or terminate every tagged session: one confirmation; health_confirm then signals
 * and audits each one (for terminate, typed_pid is the number of sessions). */
void health_ask_tagged(struct App *app, enum HealthAsk what);
/* Acknowledges the standbys gone (A in the Replication view). */
void health_acknowledge(struct App *app);
/* The row of the presented activity with this pid, or -1. */
int health_find_pid(const struct TableData *td, int pid);

#endif
