/* The Health strip's pooler line: the console's own pool against its limits, the clients
 * against max_client_conn, the longest wait and the worst alert; or, without the admin console,
 * that the server is behind a pooler and why the figures are missing. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/health.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/pane_health_int.h"
#include "ui/widget_meter.h"

static attr_t level_attr(enum HealthLevel l)
{
    return l == HL_CRIT   ? color_attr(ROLE_HEALTH_CRIT) | A_BOLD
           : l == HL_WARN ? color_attr(ROLE_HEALTH_WARN) | A_BOLD
                          : color_attr(ROLE_NORMAL);
}

static const char *level_mark(enum HealthLevel l)
{
    return l == HL_CRIT ? " CRIT" : l == HL_WARN ? " WARN" : "";
}

/* label (dim) then value; returns the new x, or x when it does not fit. */
static int put(WINDOW *w, int y, int x, int right, const char *label, const char *value, attr_t a)
{
    int lw = text_width(label), vw = text_width(value);
    if (x + lw + vw + 1 > right)
        return x;
    draw_text(w, y, x, lw, label, color_attr(ROLE_LIST_DIM));
    draw_text(w, y, x + lw, vw, value, a);
    return x + lw + vw + 2;
}

static void draw_figures(const struct HealthPool *p, const struct Config *cfg, WINDOW *w, int y,
                         int x, int width)
{
    char v[160];
    enum HealthLevel pl = p->pool_pct >= 0 ? health_level(p->pool_pct, &cfg->pool_pct) : HL_OK;
    snprintf(v, sizeof v, "%s/%s ", p->database ? p->database : "?", p->user ? p->user : "?");
    x = put(w, y, x, width, "pool ", v, color_attr(ROLE_NORMAL));
    int bw = width / 10 < 10 ? 10 : width / 10;
    if (p->pool_size > 0 && x + bw < width) {
        struct MeterSeg seg = {p->servers,
                               pl == HL_OK ? color_attr(ROLE_HEALTH_OK) : level_attr(pl)};
        meter_bar(w, y, x, bw, &seg, 1, (double)p->pool_size, color_attr(ROLE_NORMAL));
        x += bw + 1;
    }
    if (p->pool_size >= 0)
        snprintf(v, sizeof v, "%d of %lld (%.0f%%)%s", p->servers, p->pool_size, p->pool_pct,
                 level_mark(pl));
    else
        snprintf(v, sizeof v, "%d", p->servers);
    x = put(w, y, x, width, "servers ", v, level_attr(pl));
    /* The worst of every pool comes next: it may be another user's pool than this one. */
    enum HealthLevel lv = (enum HealthLevel)p->level;
    if (lv != HL_OK && p->alert) {
        char *a = xasprintf("%s %s", lv == HL_CRIT ? "CRIT" : "WARN", p->alert);
        x = put(w, y, x, width, "", a, level_attr(lv));
        free(a);
    }
    snprintf(v, sizeof v, "%d", p->db_active);
    x = put(w, y, x, width, "clients active ", v, color_attr(ROLE_NORMAL));
    snprintf(v, sizeof v, "%d", p->db_waiting);
    x = put(w, y, x, width, "waiting ", v,
            p->db_waiting ? color_attr(ROLE_HEALTH_CRIT) : color_attr(ROLE_NORMAL));
    if (p->max_client_conn > 0) {
        enum HealthLevel cl = health_level(p->client_pct, &cfg->pool_pct);
        snprintf(v, sizeof v, "%d of %lld (%.0f%%)%s", p->clients, p->max_client_conn,
                 p->client_pct, level_mark(cl));
        x = put(w, y, x, width, "max_client_conn ", v, level_attr(cl));
    }
    if (p->db_limit > 0) {
        snprintf(v, sizeof v, "%d of %lld", p->db_servers, p->db_limit);
        x = put(w, y, x, width, "max_db_connections ", v, color_attr(ROLE_NORMAL));
    }
    snprintf(v, sizeof v, "%.1fs", p->longest_wait_s);
    x = put(w, y, x, width, "longest wait ", v,
            p->longest_wait_s > 0 ? color_attr(ROLE_HEALTH_WARN) : color_attr(ROLE_NORMAL));
    if (p->pool_mode)
        x = put(w, y, x, width, "", p->pool_mode, color_attr(ROLE_LIST_DIM));
    if (p->version)
        put(w, y, x, width, "", p->version, color_attr(ROLE_LIST_DIM));
}

void hp_draw_pool(const struct HealthPool *p, const struct Config *cfg, WINDOW *w, int y, int width)
{
    int x = 1;
    char *missing = health_pool_missing(p);
    if (missing) {
        draw_text(w, y, x, width - 2, missing, color_attr(ROLE_HEALTH_WARN));
        free(missing);
        return;
    }
    draw_figures(p, cfg, w, y, x, width);
}
