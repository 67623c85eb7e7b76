/* Shared between the Health pane's files. */
#ifndef SD_UI_PANE_HEALTH_INT_H
#define SD_UI_PANE_HEALTH_INT_H

#include <curses.h>
#include <stdbool.h>

#include "src/model/health.h"

#include "ui/pane.h"
#include "ui/widget_table.h"

struct HealthPaneState {
    struct TableView tv[HV__COUNT];
    int sel_pid;           /* the session under the cursor, followed across refreshes */
    unsigned seen_version; /* of the activity/blocking table the cursor was placed in */
    int seen_view;
    int detail_top;
    struct TableView fleet_tv; /* the fleet strip's cursor (ui/pane_fleet.c) */
};

struct TableData *hp_table(struct HealthModel *m);
/* Keeps the cursor on sel_pid when new rows arrive. */
void hp_follow(struct HealthPaneState *st, struct HealthModel *m, struct TableData *td);
/* The full query and its plan: the scroll kept within its lines, before drawing. */
void hp_fit_detail(struct HealthPaneState *st, const struct HealthModel *m, int width);
void hp_draw_detail(const struct HealthPaneState *st, const struct HealthModel *m, WINDOW *w, int y,
                    int h, int width);
void hp_draw_confirm(const struct HealthModel *m, WINDOW *w, int y, int h, int width);
/* The activity view's header: host load and memory, or why the backends' figures are absent. */
void hp_draw_proc_line(const struct HealthModel *m, WINDOW *w, int y, int width);
bool hp_action(struct Pane *p, struct App *app, enum Action a, int page);
void hp_done(struct Pane *p);
/* The key and name of view v, as the strip lists them. */
const char *hp_view_key(int v);
const char *hp_view_label(int v);
/* --- the strip's figures (pane_health_meters.c), drawn by pane_health_strip.c ------------- */

/* Which threshold a figure's level is taken against. */
enum StripLimit {
    LIM_NONE,
    LIM_CONN_PCT,   /* cfg conn_pct */
    LIM_POOL_PCT,   /* cfg pool_pct */
    LIM_QUERY_S,    /* cfg query_s */
    LIM_REPL_LAG_S, /* cfg repl_lag_s */
    LIM_WRAPAROUND,
    LIM_NONZERO_WARN,
    LIM_NONZERO_CRIT,
    LIM_AS_LEVEL,
    LIM_CACHE_LOW, /* below cache_hit_low_pct */
};

/* How a figure looks while it is OK. */
enum StripLook {
    LOOK_NORMAL, /* the theme's normal text */
    LOOK_PLAIN,  /* the terminal's default */
    LOOK_OK,     /* green: a healthy count */
    LOOK_WARN,   /* always a warning */
    LOOK_TITLE,  /* the role of the server */
    LOOK_DIM,    /* an aside */
};

/* When it is bold. */
enum StripBold { BOLD_NEVER, BOLD_CRIT, BOLD_ALARM, BOLD_ALWAYS };

struct StripCtx {
    const struct HealthModel *m;
    const struct App *app;
    const char *none; /* for a figure the role cannot see: "hidden", else "-" */
};

/* The strip's lines, and the parts of the pooler's line on either side of its bar. */
enum StripGroup { SG_SESSIONS, SG_RATES, SG_WORK, SG_POOL_NAME, SG_POOL };

/* One figure of the strip. */
struct StripMeter {
    enum StripGroup group;
    const char *label;
    /* The figure as words in buf (or a string of the model), or NULL to leave it out. */
    const char *(*text)(const struct StripCtx *c, char *buf, size_t size);
    /* The number its level is taken of; NULL for one that has no level. */
    double (*figure)(const struct StripCtx *c);
    enum StripLimit limit;
    enum StripLook look;
    enum StripBold bold;
    /* The label, when it depends on the figure (NULL: label). */
    const char *(*label_of)(const struct StripCtx *c);
};

/* Every figure of the strip, in the order drawn, and the pooler's bar. */
extern const struct StripMeter hp_meters[];
extern const int hp_nmeters;
extern const struct StripMeter hp_pool_bar;
/* The level of v against threshold l (the config's, or one of the named ones). */
enum HealthLevel hp_limit_level(enum StripLimit l, double v, const struct Config *cfg);
/* " CRIT", " WARN" or "". */
const char *hp_level_mark(enum HealthLevel l);

/* The strip (pane_health_strip.c): in full, or in one line on a short terminal. */
void hp_draw_strip(const struct HealthModel *m, const struct App *app, WINDOW *w, int y, int width);
void hp_draw_strip_line(const struct HealthModel *m, WINDOW *w, int y, int width);

#endif
