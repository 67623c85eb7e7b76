/* The application: owns config, the connection, the schema and the models, and runs the one
 * poll loop. Passed by pointer; there are no mutable globals. */
#ifndef SD_APP_H
#define SD_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "src/cli.h"
#include "src/config/action.h"
#include "src/config/config.h"
#include "src/config/keymap.h"
#include "src/config/theme.h"
#include "src/db/admin.h"
#include "src/db/conn.h"
#include "src/db/dsn.h"
#include "src/frontend.h"
#include "src/model/fetch.h"
#include "src/model/tabledata.h"
#include "src/queries/queries.h"
#include "src/schema.h"
#include "src/tabmodel.h"

enum MsgLevel {
    MSG_INFO,
    MSG_NOTICE,
    MSG_WARN,
    MSG_ERROR,
};

struct App;
struct Fleet;

struct ViewCtx {
    struct App *app;
    enum ViewId view;
};

struct App {
    struct Options opt;
    struct Config cfg;
    const struct Profile *profile; /* the profile in use, or NULL */
    struct Keymap *keymap;
    struct Theme theme;
    struct Dsn dsn;
    const char *dsn_origin; /* where dsn came from, for messages (a literal) */
    struct DbConn *db;
    struct Fetcher fetch;       /* what the tab models submit through: app->db */
    struct DbConn *admin;       /* the pooler's admin console (src/db/admin.h), or NULL */
    enum AdminSource admin_src; /* where it came from; ADMIN_NONE: no pooler known */
    struct Fleet *fleet; /* every server of the profile, or NULL for one (src/model/fleet.h) */
    struct Schema schema;
    bool discovering;
    bool discovered; /* for the current connection */

    /* Per tab: its model's ops, the generic table data, and a model's own state. */
    const struct TabModel *models[VIEW__COUNT];
    struct TableData views[VIEW__COUNT];
    struct ViewCtx view_ctx[VIEW__COUNT];
    int64_t next_due[VIEW__COUNT]; /* generic model: next refresh (monotonic ms) */
    void *model[VIEW__COUNT];      /* a custom model's state */
    enum ViewId tab;

    char *filters[VIEW__COUNT]; /* each tab's / filter, kept in $XDG_STATE_HOME/salondesk/filters */
    bool filters_restored;

    bool paused;
    int refresh_ms;
    int64_t last_ctrl_c;

    char *message; /* raw: the UI makes it safe */
    enum MsgLevel message_level;
    int64_t message_until; /* -1: until replaced */

    /* Startup timings for the debug log and the benchmark (monotonic ms; 0 = not yet). */
    int64_t t_start;
    int64_t t_connected;
    bool first_screen_logged;
    int64_t t_key;  /* a key arrived and its screen is not settled yet (0 = none) */
    bool key_drawn; /* the first redraw after it happened */

    bool look_changed; /* theme, keymap or profile changed: the UI sets up its colours again */
    bool show_help;
    bool quit;
    bool dirty;
    const struct Frontend *fe;
    void *ui; /* the frontend's own state */
};

/* Builds the app from parsed options (config, keymap, theme, DSN). Returns 0, or the exit code
 * (2) after printing the reason to stderr. */
int app_init(struct App *app, const struct Options *opt);
void app_done(struct App *app);
/* Runs the interactive console until the user quits; returns the exit code. */
int app_run(struct App *app, const struct Frontend *fe);

/* Global actions (quit, refresh, pause, tabs, cancel). Returns true when it handled a. */
bool app_action(struct App *app, enum Action a);
void app_set_tab(struct App *app, enum ViewId tab);
/* Switches to tab v showing salon_id and key (see TabModel.open). */
void app_open(struct App *app, enum ViewId v, const char *salon_id, const char *key);
/* Runs a ':' command line (src/commands.c). */
void app_command(struct App *app, const char *line);
/* Candidates that complete a ':' line: whole lines, NULL-terminated, heap (free each and the
 * array); NULL when there are none. */
char **app_complete(struct App *app, const char *line);
/* The same for a '/' filter line: completes the last word to a field name of the tab. */
char **app_complete_filter(struct App *app, const char *line);
/* A theme or keymap by name or path: the user's, the installed one, or the built-in copy. */
bool app_load_theme(const char *name, struct Theme *out, char **err);
bool app_load_keymap(const char *name, struct Keymap **out, char **err);
/* Points the main connection at dsn (taken): the tabs' data is kept, marked stale. */
void app_connect(struct App *app, struct Dsn *dsn);
/* Reconnects with another profile from the config. */
bool app_switch_profile(struct App *app, const char *name, char **err);
void app_set_filter(struct App *app, const char *text);
/* The same for tab v, shown or not (remembered, and handed to its model). */
void app_set_tab_filter(struct App *app, enum ViewId v, const char *text);
/* The status line's message. Information and notices go after 8 s; a warning or an error
 * stays until the next key press (app_key_seen), and nothing less severe replaces it
 * meanwhile (a refresh's message is logged instead). */
void app_message(struct App *app, enum MsgLevel level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A key was pressed (or the mouse clicked): the warning or error on show has been seen. */
void app_key_seen(struct App *app);

/* When a refresh that took elapsed_ms (finishing now) should run next: after the refresh
 * interval, or later for a slow query, so that refreshing keeps the server busy at most a tenth
 * of the time (APP_REFRESH_SHARE). */
#define APP_REFRESH_SHARE 10
int64_t app_next_refresh(const struct App *app, int64_t now_ms, double elapsed_ms);

/* Starts the discovery queries, or whatever the tabs' models have due. */
void app_pump(struct App *app, int64_t now_ms);
/* The nearest time app_pump has work (monotonic ms), or -1. */
int64_t app_deadline(struct App *app);

const char *app_view_name(enum ViewId v);
/* Title-case label for the tab bar. */
const char *app_view_label(enum ViewId v);

#endif
