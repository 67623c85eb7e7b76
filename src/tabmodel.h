/* What each tab fetches and when. The app calls these; a tab's model submits its queries on
 * app->db and keeps its own state (in app->model[v]). The generic table model serves tabs whose
 * view is one query into a TableData; a tab with richer needs brings its own. */
#ifndef SD_TABMODEL_H
#define SD_TABMODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "src/queries/queries.h"

struct App;

struct TabModel {
    /* The schema is known (after every connect): work out access, then fetch when visible. */
    void (*discovered)(struct App *app, enum ViewId v);
    /* Submits what is due. Called each loop turn while connected and discovered and not
     * paused; visible tells whether it is the tab on screen. */
    void (*pump)(struct App *app, enum ViewId v, bool visible, int64_t now_ms);
    /* The next time pump has work to do (monotonic ms), or -1. */
    int64_t (*deadline)(struct App *app, enum ViewId v);
    /* Fetch now: the user pressed r, or opened the tab. */
    void (*refresh)(struct App *app, enum ViewId v);
    /* The connection went away: keep what is shown, marked stale. */
    void (*lost)(struct App *app, enum ViewId v);
    /* --once: 0 while waiting, 1 when the data is complete, -1 when it cannot be had (the
     * reason is in the model, for batch_write to print). */
    int (*batch_state)(struct App *app, enum ViewId v);
    /* --once: prints the data in app->opt.format; returns the exit code. */
    int (*batch_write)(struct App *app, enum ViewId v, FILE *out);
    /* Another tab sends the user here: show salon (an id, or NULL for all) and what key names
     * (a customer phone for Threads and Bookings, a date "YYYY-MM-DD" for Bookings, ...). */
    void (*open)(struct App *app, enum ViewId v, const char *salon_id, const char *key);
    /* :export csv|json FILE of what the tab writes itself (an open thread), when it has such a
     * thing; false lets batch_write export the tab's list. May be NULL. */
    bool (*export_file)(struct App *app, enum ViewId v, const char *fmt, const char *path);
    /* A ':' command (cmd without the colon, arg trimmed). Returns true when it took it; false
     * lets other tabs and the built-in commands try. */
    bool (*command)(struct App *app, enum ViewId v, const char *cmd, const char *arg);
    /* A / filter for the tab. */
    void (*set_filter)(struct App *app, enum ViewId v, const char *text);
    /* For the status line: when the data on screen arrived, the query's server round trip,
     * and whether the connection was lost since. False when there is no data yet. */
    bool (*freshness)(struct App *app, enum ViewId v, time_t *updated, double *latency_ms,
                      bool *stale);
    void (*done)(struct App *app, enum ViewId v);
};

/* One query per refresh into app->views[v] (queries_build). */
extern const struct TabModel table_tab_model;

#endif
