#include "config.h"

#include "ui/statusbar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/fleet.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"

#include "ui/color.h"
#include "ui/draw.h"

#define TABBAR_TITLE " salondesk "

static void tab_caption(enum ViewId v, char *buf, size_t size)
{
    snprintf(buf, size, " %d %s ", v + 1, app_view_label(v));
}

int tabbar_hit(const struct App *app, int x)
{
    (void)app;
    int at = (int)strlen(TABBAR_TITLE);
    for (int v = 0; v < VIEW__COUNT; v++) {
        char label[32];
        tab_caption((enum ViewId)v, label, sizeof label);
        int w = (int)strlen(label);
        if (x >= at && x < at + w)
            return v;
        at += w + 1;
    }
    return -1;
}

void tabbar_draw(struct App *app, WINDOW *w, int width)
{
    attr_t frame = color_attr(ROLE_FRAME);
    draw_fill(w, 0, 0, width, frame);
    int x = draw_text(w, 0, 0, width, TABBAR_TITLE, frame | A_BOLD);
    for (int v = 0; v < VIEW__COUNT && x < width; v++) {
        char label[32];
        tab_caption((enum ViewId)v, label, sizeof label);
        attr_t a = v == (int)app->tab ? color_attr(ROLE_TAB_ACTIVE) : color_attr(ROLE_TAB_INACTIVE);
        x += draw_text(w, 0, x, width - x, label, a);
        if (x < width)
            x += draw_text(w, 0, x, 1, " ", frame);
    }
    if (app->profile && x < width - 4) {
        char prof[96];
        snprintf(prof, sizeof prof, "%.80s ", app->profile->name);
        draw_text_right(w, 0, x, width - x, prof, frame | A_BOLD);
    }
}

static enum ThemeRole state_role(enum DbState st)
{
    switch (st) {
    case DB_READY:
    case DB_BUSY:
        return ROLE_STATUS_OK;
    case DB_CONNECTING:
    case DB_IDLE:
        return ROLE_STATUS_WARN;
    default:
        return ROLE_STATUS_ERROR;
    }
}

void statusbar_draw(struct App *app, WINDOW *w, int y, int width)
{
    attr_t base = color_attr(ROLE_STATUS);
    draw_fill(w, y, 0, width, base);
    int64_t now = db_now_ms();
    enum DbState st = db_conn_state(app->db);

    /* Left: state, then where. */
    struct StrBuf left;
    sb_init(&left);
    sb_appendf(&left, " %s ", db_conn_state_text(app->db, now));
    int x = draw_text(w, y, 0, width, left.s, color_attr(state_role(st)) | A_BOLD);
    sb_clear(&left);

    const char *user = db_conn_user(app->db), *host = db_conn_host(app->db),
               *dbn = db_conn_dbname(app->db);
    if (host && host[0] == '/')
        host = "local socket";
    if (user || host || dbn)
        sb_appendf(&left, " %s@%s/%s", user ? user : "?", host ? host : "?", dbn ? dbn : "?");
    if (app->schema.server_version)
        sb_appendf(&left, " PG %.*s", (int)strcspn(app->schema.server_version, " "),
                   app->schema.server_version);
    const struct TabModel *m = app->models[app->tab];
    time_t updated;
    double latency;
    bool stale = false;
    bool strip = app->tab == VIEW_HEALTH && fleet_showing(app); /* every server's */
    if (strip ? fleet_freshness(app->fleet, &updated, &latency)
              : m->freshness && m->freshness(app, app->tab, &updated, &latency, &stale)) {
        char t[16];
        tz_format_local(updated, "%H:%M:%S", t, sizeof t);
        sb_appendf(&left, " · data %s%s · %.0f ms", t, stale ? " (stale)" : "", latency);
    }
    char *read = fleet_read_note(app); /* read: standby, beside the data */
    if (read)
        sb_appendf(&left, " · %s", read);
    free(read);
    if (app->paused)
        sb_append(&left, " · PAUSED");
    sb_append(&left, " ");

    /* Right: the latest message, or the reason the connection failed. */
    const char *msg = app->message;
    enum ThemeRole mrole = ROLE_STATUS;
    if (msg) {
        mrole = app->message_level == MSG_ERROR    ? ROLE_STATUS_ERROR
                : app->message_level == MSG_WARN   ? ROLE_STATUS_WARN
                : app->message_level == MSG_NOTICE ? ROLE_NOTICE
                                                   : ROLE_STATUS;
    } else if ((st == DB_RETRY_WAIT || st == DB_FAILED) && db_conn_last_error(app->db)) {
        msg = db_conn_last_error(app->db);
        mrole = ROLE_STATUS_ERROR;
    } else {
        msg = "? help  q quit";
    }
    int avail = width - x;
    /* A message gets the room it needs; the connection facts give way (to a quarter). */
    if (app->message) {
        char *safe = text_safe(msg, (size_t)-1, 0);
        int need = text_width(safe) + 2;
        free(safe);
        int keep = avail - need;
        if (keep < avail / 4)
            keep = avail / 4;
        avail = keep;
    }
    int lw = draw_text(w, y, x, avail, left.s, base);
    sb_free(&left);
    int mx = x + lw + 1;
    if (mx < width - 4)
        draw_text_right(w, y, mx, width - mx, msg, color_attr(mrole));
}
