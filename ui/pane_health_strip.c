/* The Health strip above the views: connections against max_connections with a bar, then the
 * figures of pane_health_meters.c line by line (sessions; rates and sizes; replication, the
 * oldest work and the platform's figures; behind a pooler, its pool with a bar), then
 * sparklines, the views and whether this is live. It reads the model and never changes it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "src/model/health.h"
#include "src/util/text.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/pane_health_int.h"
#include "ui/widget_meter.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SPARK 40

static attr_t look_attr(const struct StripMeter *sm, enum HealthLevel l)
{
    attr_t a = l == HL_CRIT             ? color_attr(ROLE_HEALTH_CRIT)
               : l == HL_WARN           ? color_attr(ROLE_HEALTH_WARN)
               : sm->look == LOOK_OK    ? color_attr(ROLE_HEALTH_OK)
               : sm->look == LOOK_WARN  ? color_attr(ROLE_HEALTH_WARN)
               : sm->look == LOOK_TITLE ? color_attr(ROLE_TAB_ACTIVE)
               : sm->look == LOOK_DIM   ? color_attr(ROLE_LIST_DIM)
               : sm->look == LOOK_PLAIN ? A_NORMAL
                                        : color_attr(ROLE_NORMAL);
    bool bold = sm->bold == BOLD_ALWAYS || (sm->bold == BOLD_ALARM && l != HL_OK) ||
                (sm->bold == BOLD_CRIT && l == HL_CRIT);
    return bold ? a | A_BOLD : a;
}

/* --- drawing -------------------------------------------------------------------------------- */

/* Draws label (dim) then value in attr; returns the new x, or x when it does not fit. */
static int put(WINDOW *w, int y, int x, int right, const char *label, const char *value, attr_t a)
{
    int lw = (int)strlen(label), vw = text_width(value);
    if (x + lw + vw + 1 > right)
        return x;
    draw_text(w, y, x, lw, label, color_attr(ROLE_LIST_DIM));
    draw_text(w, y, x + lw, vw, value, a);
    return x + lw + vw + 2;
}

/* The meters of group g from x on; returns the x after them. */
static int draw_meters(const struct StripCtx *c, enum StripGroup g, WINDOW *w, int y, int x,
                       int width)
{
    const struct Config *cfg = &c->app->cfg;
    char buf[512];
    for (int i = 0; i < hp_nmeters; i++) {
        const struct StripMeter *sm = &hp_meters[i];
        const char *v = sm->group == g ? sm->text(c, buf, sizeof buf) : NULL;
        if (!v)
            continue;
        enum HealthLevel l = sm->figure ? hp_limit_level(sm->limit, sm->figure(c), cfg) : HL_OK;
        x = put(w, y, x, width, sm->label_of ? sm->label_of(c) : sm->label, v, look_attr(sm, l));
    }
    return x;
}

/* Line 1 opens with the connections against max_connections, and a bar of their states. */
static int draw_connections(const struct StripCtx *c, WINDOW *w, int y, int width)
{
    const struct HealthSummary *s = &c->m->sum;
    attr_t normal = color_attr(ROLE_NORMAL);
    double pct = s->max_connections ? 100.0 * s->sessions / (double)s->max_connections : 0;
    enum HealthLevel cl = hp_limit_level(LIM_CONN_PCT, pct, &c->app->cfg);
    char lbl[96];
    snprintf(lbl, sizeof lbl, "connections %d of %lld ", s->sessions, s->max_connections);
    int x = 1;
    attr_t la = cl == HL_OK     ? normal
                : cl == HL_CRIT ? color_attr(ROLE_HEALTH_CRIT) | A_BOLD
                                : color_attr(ROLE_HEALTH_WARN) | A_BOLD;
    draw_text(w, y, x, (int)strlen(lbl), lbl, la);
    x += (int)strlen(lbl);
    int bw = width / 4 < 12 ? 12 : width / 4;
    if (x + bw < width) {
        struct MeterSeg segs[] = {
            {s->active, color_attr(ROLE_HEALTH_OK)},
            {s->waiting, color_attr(ROLE_HEALTH_CRIT)},
            {s->idle_tx, color_attr(ROLE_HEALTH_WARN)},
            {s->idle + s->other, color_attr(ROLE_LIST_DIM)},
        };
        meter_bar(w, y, x, bw, segs, N(segs), (double)s->max_connections, normal);
    }
    return x + bw + 1;
}

/* The pooler's line: the console's pool, a bar of its servers against pool_size, the rest;
 * or, without the admin console, that the server is behind a pooler and why there are no
 * figures. */
static void draw_pool(const struct StripCtx *c, WINDOW *w, int y, int width)
{
    const struct HealthPool *p = &c->m->pool;
    char *missing = health_pool_missing(p);
    if (missing) {
        draw_text(w, y, 1, width - 2, missing, color_attr(ROLE_HEALTH_WARN));
        free(missing);
        return;
    }
    int x = draw_meters(c, SG_POOL_NAME, w, y, 1, width);
    int bw = width / 10 < 10 ? 10 : width / 10;
    if (p->pool_size > 0 && x + bw < width) {
        enum HealthLevel l = hp_limit_level(hp_pool_bar.limit, hp_pool_bar.figure(c), &c->app->cfg);
        struct MeterSeg seg = {p->servers, look_attr(&hp_pool_bar, l)};
        meter_bar(w, y, x, bw, &seg, 1, (double)p->pool_size, color_attr(ROLE_NORMAL));
        x += bw + 1;
    }
    draw_meters(c, SG_POOL, w, y, x, width);
}

/* The last line: sparklines of TPS and active sessions, the views, and whether this is live. */
static void draw_footer(const struct HealthModel *m, WINDOW *w, int y, int width)
{
    double series[SPARK];
    int x = 1, sw = width >= 100 ? 20 : 10;
    draw_text(w, y, x, 4, "TPS ", color_attr(ROLE_LIST_DIM));
    int n = health_history_series(&m->hist, m->back, 0, series, SPARK);
    meter_spark(w, y, x + 4, sw, series, n, color_attr(ROLE_HEALTH_OK));
    x += 4 + sw + 1;
    draw_text(w, y, x, 7, "active ", color_attr(ROLE_LIST_DIM));
    n = health_history_series(&m->hist, m->back, 1, series, SPARK);
    meter_spark(w, y, x + 7, sw, series, n, color_attr(ROLE_HEALTH_OK));
    x += 7 + sw + 2;
    char lbl[96];
    for (int i = 0; i < HV__COUNT && x < width - 12; i++) {
        if (i == HV_POOLS && !m->pool.behind)
            continue;
        snprintf(lbl, sizeof lbl, "%s %s", hp_view_key(i), hp_view_label(i));
        int lw = text_width(lbl);
        draw_text(w, y, x, lw, lbl,
                  i == (int)m->view ? color_attr(ROLE_TAB_ACTIVE) : color_attr(ROLE_LIST_DIM));
        x += lw + 2;
    }
    attr_t warn = color_attr(ROLE_STATUS_WARN) | A_BOLD;
    if (m->back > 0) {
        const struct HealthSample *smp = health_history_get(&m->hist, m->back);
        char t[16];
        struct tm tm;
        strftime(t, sizeof t, "%H:%M:%S", localtime_r(&smp->at, &tm));
        snprintf(lbl, sizeof lbl, "NOT LIVE %s (-%d)", t, m->back);
        draw_text_right(w, y, width - 24, 23, lbl, warn);
    } else if (m->stale) {
        draw_text_right(w, y, width - 24, 23, "STALE", warn);
    } else if (m->held) {
        draw_text_right(w, y, width - 24, 23, "holding still", color_attr(ROLE_LIST_DIM));
    }
}

void hp_draw_strip(const struct HealthModel *m, const struct App *app, WINDOW *w, int y, int width)
{
    /* With sessions hidden from the role, a figure it cannot see is "hidden", not "-". */
    struct StripCtx c = {m, app, m->sum.hidden > 0 && !app->schema.pg_monitor ? "hidden" : "-"};
    int x = draw_connections(&c, w, y, width);
    draw_meters(&c, SG_SESSIONS, w, y, x, width);
    draw_meters(&c, SG_RATES, w, y + 1, 1, width);
    draw_meters(&c, SG_WORK, w, y + 2, 1, width);
    if (m->pool.behind)
        draw_pool(&c, w, y + 3, width);
    draw_footer(m, w, y + 3 + m->pool.behind, width);
}

/* The strip in one line, when the terminal is short. */
void hp_draw_strip_line(const struct HealthModel *m, WINDOW *w, int y, int width)
{
    char line[160];
    int n = snprintf(line, sizeof line, "%sconnections %d of %lld · active %d · waiting %d",
                     m->repl.valid && m->repl.standby ? "STANDBY · " : "", m->sum.sessions,
                     m->sum.max_connections, m->sum.active, m->sum.waiting);
    const struct HealthPool *pl = &m->pool;
    if (pl->behind && pl->valid && !pl->why && pl->pool_size > 0 && n > 0 &&
        (size_t)n < sizeof line)
        snprintf(line + n, sizeof line - (size_t)n, " · pool %d of %lld%s", pl->servers,
                 pl->pool_size, hp_level_mark((enum HealthLevel)pl->level));
    draw_text(w, y, 1, width - 2, line, color_attr(ROLE_NORMAL));
}
