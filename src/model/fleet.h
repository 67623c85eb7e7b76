/* Every server of a deployment at once: a profile's `servers:` (or a multi-host connection
 * string) gives a primary and its standbys. Each server has a connection of its own, with its own
 * outage handling and backoff (src/db/conn.c), driven by the app's one poll loop, and one small
 * statement per refresh (fleet_sql.h). The Health tab opens on the strip of them; Enter on a row
 * points the main connection at that server for its full Health, Esc points it back. The pane
 * reads this; it never runs SQL. */
#ifndef SD_MODEL_FLEET_H
#define SD_MODEL_FLEET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "src/config/config.h"
#include "src/db/conn.h"
#include "src/db/dsn.h"
#include "src/db/rows.h"
#include "src/loop.h"
#include "src/model/health.h"
#include "src/model/tabledata.h"

struct App;

#define FLEET_MAX 16 /* servers; each holds a descriptor in the loop (LOOP_MAX_FDS) */

/* What the last answer of one server said; -1: unknown. */
struct FleetFigures {
    bool valid;
    bool standby;
    long long connections, max_connections;
    long long xacts;
    double clock; /* server epoch seconds */
    double tps;   /* from the previous answer; -1 until there are two */
    double longest_query_s;
    long long behind_bytes; /* standby */
    double replay_lag_s;    /* standby: 0 when caught up */
    char *receiver;         /* standby: the WAL receiver's status, NULL when there is none */
    char *pause;            /* standby: "not paused", "pause requested", "paused" */
    long long standbys;     /* primary */
    double standby_lag_s;   /* primary: worst replay lag of its standbys */
};

struct FleetServer {
    char *name; /* host:port */
    struct Dsn dsn;
    struct DbConn *db;
    struct Fleet *fleet;
    struct FleetFigures fig;
    bool loading;
    int answers;      /* good answers since the last connect */
    int64_t next_due; /* monotonic ms */
    char *error;      /* why it is down, or the last query's error (raw), or NULL */
    bool down;        /* not reachable now */
    time_t updated;   /* wall clock of the last good answer */
    double ms;        /* its round trip */
    enum HealthLevel level;
    char *alert;  /* the worst alert in words, or NULL */
    int poll_idx; /* in the loop set of this turn, or -1 */
};

struct Fleet {
    struct App *app;
    struct FleetServer *s;
    int n;
    int focus;             /* the server whose full Health is shown, or -1: the strip */
    struct Dsn home;       /* the main connection as the profile gave it, to return to */
    struct TableData view; /* the strip's rows (fleet_present) */
    bool closing;
    /* read: standby: the main connection (the staff tabs') goes to a standby that is up, back to
     * home while none is; reading is that standby, or -1. */
    bool read_standby;
    int reading;
};

/* The fleet of the app's profile and main connection string, or NULL when they name one server
 * (or a server list cannot be read: false with *err). */
bool fleet_new(struct App *app, struct Fleet **out, char **err);
/* exiting: waits a moment for each statement in flight to end (blocks; for exits only). */
void fleet_free(struct Fleet **f, bool exiting);
void fleet_start(struct Fleet *f, int64_t now_ms);
/* The loop: sockets to poll, what came back, statements due, the next deadline. */
void fleet_poll_add(struct Fleet *f, struct LoopSet *ls);
void fleet_poll_done(struct Fleet *f, const struct LoopSet *ls, int64_t now_ms);
void fleet_pump(struct Fleet *f, int64_t now_ms);
int64_t fleet_deadline(const struct Fleet *f);
/* Every server refreshes now (r); servers that are down reconnect now. */
void fleet_refresh(struct Fleet *f, int64_t now_ms);
/* True while the Health tab shows the strip (no server opened). */
bool fleet_showing(const struct App *app);
/* Opens server i's full Health (the main connection goes there); back returns to the strip
 * (false when no server was open). */
void fleet_open(struct App *app, int i);
bool fleet_back(struct App *app);
/* read: standby while the tab shown reads from one: "read from standby NAME, lag 0.0 s" (heap),
 * else NULL. */
char *fleet_read_note(const struct App *app);
/* The strip's freshness for the status line: the newest answer and its round trip; false
 * before the first. */
bool fleet_freshness(const struct Fleet *f, time_t *updated, double *latency_ms);
/* How many servers are down. */
int fleet_down(const struct Fleet *f);

/* --- pure parts (fleet_rows.c), tested with plain rows --------------------------------------- */

/* Reads one answer into fig, with the TPS from prev (the server's previous answer). */
void fleet_figures_parse(struct FleetFigures *fig, const struct DbRows *r,
                         const struct FleetFigures *prev);
void fleet_figures_clear(struct FleetFigures *fig);
/* The worst alert of a server: down, connections, replication, a long query (heap words in
 * *alert, NULL when all is well). */
enum HealthLevel fleet_level(const struct FleetServer *s, const struct Config *cfg, char **alert);
/* One row per server: server, role, state, connections, max_connections, conn_pct, tps, lag_s,
 * behind_bytes, longest_query_s, level, alert, reason, updated. pretty: figures formatted for
 * the screen, else exact (--once). */
struct DbRows *fleet_present(const struct Fleet *f, bool pretty);

/* --once health on a fleet (fleet_batch.c): every server, down ones included. Returns the exit
 * code: 0, or FLEET_EXIT_DOWN when at least one server was down. */
#define FLEET_EXIT_DOWN 3
int fleet_batch_run(struct App *app, FILE *out);

#endif
