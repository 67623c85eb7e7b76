/* The Health pane's keys, the full-query view, the confirmation box and the OSC 52 copy. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/model/fleet.h"
#include "src/model/health.h"
#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"
#include "ui/pane_fleet.h"
#include "ui/pane_health_int.h"
#include "ui/prompt.h"

static const char *sel_cell(struct HealthModel *m, struct HealthPaneState *st, const char *col)
{
    struct TableData *td = hp_table(m);
    int row = td_visible_row(td, st->tv[m->view].cursor);
    if (row < 0 || !td->rows)
        return NULL;
    return db_rows_get(td->rows, row, db_rows_col(td->rows, col));
}

void hp_follow(struct HealthPaneState *st, struct HealthModel *m, struct TableData *td)
{
    if (m->view != HV_ACTIVITY && m->view != HV_BLOCKING)
        return;
    struct TableView *tv = &st->tv[m->view];
    if (td->version != st->seen_version || (int)m->view != st->seen_view) {
        int at = st->sel_pid ? health_find_pid(td, st->sel_pid) : -1;
        if (at >= 0)
            tv->cursor = at;
        st->seen_version = td->version;
        st->seen_view = (int)m->view;
    }
    const char *pid = sel_cell(m, st, "pid");
    st->sel_pid = pid ? atoi(pid) : 0;
}

/* The full query and what is known of its plan, made safe (free it). */
static char *detail_text(const struct HealthModel *m)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, m->detail_query ? m->detail_query : "");
    /* Planning is not executing, but it does evaluate immutable functions: say as whom. */
    if (m->explain_loading)
        sb_appendf(&sb, "\n\nPlan: asking the server (EXPLAIN without ANALYZE, as %s)…",
                   m->explain_as ? m->explain_as : "?");
    else if (m->explain && m->explain_failed)
        sb_appendf(&sb, "\n\n%s", m->explain);
    else if (m->explain)
        sb_appendf(&sb, "\n\nPlan (EXPLAIN without ANALYZE, planned as %s, read-only):\n%s",
                   m->explain_as ? m->explain_as : "?", m->explain);
    char *s = text_safe(sb.s, (size_t)-1, TEXT_KEEP_NEWLINES);
    sb_free(&sb);
    return s;
}

void hp_fit_detail(struct HealthPaneState *st, const struct HealthModel *m, int width)
{
    char *s = detail_text(m);
    struct TextSpan *spans = NULL;
    size_t n = text_wrap(s, width - 2, &spans);
    if (st->detail_top > (int)n - 1)
        st->detail_top = n ? (int)n - 1 : 0;
    free(spans);
    free(s);
}

void hp_draw_detail(const struct HealthPaneState *st, const struct HealthModel *m, WINDOW *w, int y,
                    int h, int width)
{
    attr_t head = color_attr(ROLE_LIST_HEADER), normal = color_attr(ROLE_NORMAL);
    char title[128];
    snprintf(title, sizeof title,
             m->detail_pid ? " pid %d: the full query (e: plan, y: copy, Esc: back)"
                           : " The full query (e: plan, Esc: back)%.0d",
             m->detail_pid);
    draw_text(w, y, 0, width, title, head);
    /* Scroll by skipping lines of the wrapped text (hp_fit_detail kept detail_top in them). */
    char *s = detail_text(m);
    struct TextSpan *spans = NULL;
    size_t n = text_wrap(s, width - 2, &spans);
    int top = st->detail_top;
    for (int i = 0; i < h - 1 && top + i < (int)n; i++) {
        const struct TextSpan *sp = &spans[top + i];
        char save = s[sp->off + sp->len];
        s[sp->off + sp->len] = '\0';
        draw_text(w, y + 1 + i, 1, width - 2, s + sp->off,
                  m->explain_failed && (size_t)(top + i) > 0 &&
                          strncmp(s + sp->off, "EXPLAIN failed", 14) == 0
                      ? color_attr(ROLE_STATUS_ERROR)
                      : normal);
        s[sp->off + sp->len] = save;
    }
    free(spans);
    free(s);
}

void hp_draw_proc_line(const struct HealthModel *m, WINDOW *w, int y, int width)
{
    char *line = health_proc_line(&m->proc);
    draw_text(w, y, 1, width - 2, line, color_attr(ROLE_LIST_DIM));
    free(line);
}

/* A confirmation box bw x bh centred in the pane (y, h, width): its first and last lines
 * reversed, the rest cleared. Sets its top left corner. */
static void confirm_box(WINDOW *w, int y, int h, int width, int bw, int bh, int *bx, int *by)
{
    *bx = (width - bw) / 2;
    *by = y + (h - bh) / 2;
    attr_t box = color_attr(ROLE_STATUS_WARN) | A_REVERSE, normal = color_attr(ROLE_NORMAL);
    for (int i = 0; i < bh; i++)
        draw_fill(w, *by + i, *bx, bw, i == 0 || i == bh - 1 ? box : normal);
}

/* The confirmation for the tagged sessions: one line each, pid, user and the query clipped. */
static void draw_confirm_tagged(const struct HealthModel *m, WINDOW *w, int y, int h, int width)
{
    int bw = width > 108 ? 100 : width - 8; /* room either side, at most 100 */
    if (width < 36)
        bw = width;
    int bh = m->ask_n + 3;
    if (bh > h)
        bh = h;
    int bx, by;
    confirm_box(w, y, h, width, bw, bh, &bx, &by);
    attr_t box = color_attr(ROLE_STATUS_WARN) | A_REVERSE, normal = color_attr(ROLE_NORMAL);
    attr_t dim = color_attr(ROLE_LIST_DIM);
    bool term = m->ask == HA_TERMINATE;
    char line[160];
    snprintf(line, sizeof line, " %s %d tagged sessions? ",
             term ? "TERMINATE" : "Cancel the running queries of", m->ask_n);
    draw_text(w, by, bx, bw, line, box | A_BOLD);
    int rows = bh - 2;
    if (m->ask_pooled && rows > 2) {
        draw_text(w, by + bh - 2, bx + 1, bw - 2,
                  "pgbouncer=true: pooled server connections; other clients may be hit",
                  color_attr(ROLE_STATUS_WARN));
        rows--;
    }
    for (int i = 0; i < m->ask_n && i < rows; i++) {
        const struct HealthTarget *t = &m->ask_targets[i];
        bool last = i == rows - 1 && m->ask_n > rows;
        if (last) {
            snprintf(line, sizeof line, "… and %d more", m->ask_n - i);
            draw_text(w, by + 1 + i, bx + 1, bw - 2, line, dim);
            break;
        }
        snprintf(line, sizeof line, "%d", t->pid);
        draw_text(w, by + 1 + i, bx + 1, 8, line, normal);
        draw_text(w, by + 1 + i, bx + 9, 14, t->user, dim);
        char *q = text_safe(t->query, strnlen(t->query, 400), 0);
        draw_text(w, by + 1 + i, bx + 24, bw - 25, q, normal);
        free(q);
    }
    snprintf(line, sizeof line,
             term ? " Type %d (the number of sessions) and Enter to terminate; Esc: keep them "
                  : " Enter: cancel the queries · Esc: keep them%.0d ",
             m->ask_n);
    draw_text(w, by + bh - 1, bx, bw, line, box);
}

void hp_draw_confirm(const struct HealthModel *m, WINDOW *w, int y, int h, int width)
{
    if (m->ask_targets) {
        draw_confirm_tagged(m, w, y, h, width);
        return;
    }
    int bw = 70, bh = 8;
    if (width < 28 || h < bh) {
        bw = width;
        bh = h < 8 ? h : 8;
    } else if (width - 8 < bw) {
        bw = width - 8;
    }
    int bx, by;
    confirm_box(w, y, h, width, bw, bh, &bx, &by);
    attr_t box = color_attr(ROLE_STATUS_WARN) | A_REVERSE, normal = color_attr(ROLE_NORMAL);
    bool term = m->ask == HA_TERMINATE;
    char line[160];
    snprintf(line, sizeof line, " %s pid %d? ",
             term ? "TERMINATE the session of" : "Cancel the running query of", m->ask_pid);
    draw_text(w, by, bx, bw, line, box | A_BOLD);
    draw_text(w, by + 1, bx + 1, 6, "user ", color_attr(ROLE_LIST_DIM));
    draw_text(w, by + 1, bx + 7, bw - 8, m->ask_user, normal);
    int qh = bh - 3;
    if (m->ask_pooled && qh > 2) {
        /* Through a transaction pool the backend serves whichever client holds it now. */
        qh -= 2;
        draw_wrapped(w, by + bh - 3, bx + 1, 2, bw - 2,
                     term ? "pgbouncer=true: this is a pooled server connection; every client "
                            "the pool gives it loses its transaction"
                          : "pgbouncer=true: a pooled server connection; the query running when "
                            "you confirm may already be another client's",
                     color_attr(ROLE_STATUS_WARN));
    }
    draw_text(w, by + 2, bx + 1, 6, "query", color_attr(ROLE_LIST_DIM));
    draw_wrapped(w, by + 2, bx + 7, qh, bw - 8, m->ask_query, normal);
    draw_text(w, by + bh - 1, bx, bw,
              term ? " Type the pid and Enter to terminate; Esc: keep it "
                   : " Enter: cancel the query · Esc: keep it ",
              box);
}

/* OSC 52: the query made safe, base64, only when the config allows it. */
static void copy_osc52(struct App *app, const char *raw)
{
    if (!app->cfg.clipboard) {
        app_message(app, MSG_INFO, "copy is off: set clipboard: true in config.yaml (OSC 52)");
        return;
    }
    char *s = text_safe(raw ? raw : "", (size_t)-1, 0);
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s);
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "\033]52;c;");
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        sb_putc(&sb, b64[v >> 18 & 63]);
        sb_putc(&sb, b64[v >> 12 & 63]);
        sb_putc(&sb, i + 1 < n ? b64[v >> 6 & 63] : '=');
        sb_putc(&sb, i + 2 < n ? b64[v & 63] : '=');
    }
    sb_append(&sb, "\a");
    fputs(sb.s, stdout);
    fflush(stdout);
    sb_free(&sb);
    app_message(app, MSG_INFO, "copied %zu bytes of query text (OSC 52)", n);
    free(s);
}

static bool on_confirm_key(struct App *app, struct HealthModel *m, enum Action a)
{
    if (m->ask == HA_CANCEL && a == ACT_OPEN)
        health_confirm(app, m->ask_targets ? m->ask_n : m->ask_pid);
    else if (a == ACT_BACK || a == ACT_QUIT)
        health_decline(app);
    return true; /* nothing else happens while the box is open */
}

bool hp_action(struct Pane *p, struct App *app, enum Action a, int page)
{
    if (!p->state)
        p->state = xcalloc(1, sizeof(struct HealthPaneState));
    struct HealthPaneState *st = p->state;
    if (fleet_showing(app))
        return pane_fleet_action(&st->fleet_tv, app, a, page);
    struct HealthModel *m = health_model(app);
    if (!m)
        return a == ACT_BACK && fleet_back(app);
    if (m->ask != HA_NONE)
        return on_confirm_key(app, m, a);
    bool detail = m->detail_pid || m->detail_query;
    const char *pidv = sel_cell(m, st, "pid");
    int pid = pidv ? atoi(pidv) : 0;
    switch (a) {
    case ACT_VIEW_ACTIVITY:
    case ACT_VIEW_BLOCKING:
    case ACT_VIEW_TABLES:
    case ACT_VIEW_INDEXES:
    case ACT_VIEW_STATEMENTS:
    case ACT_VIEW_REPLICATION:
    case ACT_VIEW_POOLS:
        if (detail)
            health_close_detail(app);
        health_set_view(app, (enum HealthView)(a - ACT_VIEW_ACTIVITY));
        return true;
    case ACT_ACKNOWLEDGE:
        health_acknowledge(app);
        return true;
    case ACT_SORT_NEXT:
        health_cycle_sort(app);
        return true;
    case ACT_TOGGLE_IDLE:
        health_toggle_idle(app);
        return true;
    case ACT_TOGGLE_PARTITIONS:
        health_toggle_parts(app);
        return true;
    case ACT_PERIOD_PREV:
    case ACT_PERIOD_NEXT:
        health_step(app, a == ACT_PERIOD_PREV ? -1 : 1);
        return true;
    case ACT_TAG:
        if (m->view != HV_ACTIVITY || detail) {
            app_message(app, MSG_INFO, "tag sessions in activity (a)");
        } else if (!pid || pid == m->sum.self_pid) {
            app_message(app, MSG_INFO, pid ? "that is salondesk's own session" : "no session");
        } else {
            health_tag(app, pid);
            table_move(&st->tv[m->view], ACT_DOWN, hp_table(m)->nvisible, page);
            health_hold(app);
            const char *v = sel_cell(m, st, "pid");
            st->sel_pid = v ? atoi(v) : 0;
        }
        return true;
    case ACT_BACK:
        if (detail)
            health_close_detail(app);
        else if (hp_table(m)->filter)
            app_set_filter(app, NULL);
        else if (m->view == HV_ACTIVITY && m->ntags > 0)
            health_untag_all(app);
        else if (m->view != HV_ACTIVITY)
            health_set_view(app, HV_ACTIVITY);
        else if (!fleet_back(app)) /* a server of the fleet: back to every server */
            return false;
        return true;
    case ACT_OPEN:
    case ACT_EXPLAIN: {
        const char *q = detail ? m->detail_query : sel_cell(m, st, "query");
        if (!detail && !q) {
            app_message(app, MSG_INFO, "no query on this row");
            return true;
        }
        if (detail && a == ACT_OPEN)
            health_close_detail(app);
        else
            health_open_detail(app, detail ? m->detail_pid : pid,
                               detail ? m->detail_user : sel_cell(m, st, "user"), q,
                               a == ACT_EXPLAIN);
        st->detail_top = 0;
        return true;
    }
    case ACT_COPY:
        copy_osc52(app, detail ? m->detail_query : sel_cell(m, st, "query"));
        return true;
    case ACT_CANCEL_BACKEND:
    case ACT_TERMINATE_BACKEND:
        if (m->view != HV_ACTIVITY && m->view != HV_BLOCKING) {
            app_message(app, MSG_INFO, "select a session in activity (a) or blocking (b)");
        } else if (m->view == HV_ACTIVITY && m->ntags > 0 && m->back == 0) {
            health_ask_tagged(app, a == ACT_TERMINATE_BACKEND ? HA_TERMINATE : HA_CANCEL);
            if (a == ACT_TERMINATE_BACKEND && m->ask == HA_TERMINATE) {
                prompt_start(':', "terminate ");
                curs_set(1);
            }
        } else if (!pid) {
            app_message(app, MSG_INFO, "no session selected");
        } else if (pid == m->sum.self_pid) {
            app_message(app, MSG_INFO, "that is salondesk's own session");
        } else if (m->back > 0) {
            app_message(app, MSG_WARN, "not live: press ] until live before acting on a session");
        } else {
            health_ask(app, a == ACT_TERMINATE_BACKEND ? HA_TERMINATE : HA_CANCEL, pid,
                       sel_cell(m, st, "user"), sel_cell(m, st, "query"));
            if (a == ACT_TERMINATE_BACKEND) {
                prompt_start(':', "terminate ");
                curs_set(1);
            }
        }
        return true;
    default:
        break;
    }
    if (detail) {
        if (a == ACT_DOWN || a == ACT_PAGE_DOWN)
            st->detail_top += a == ACT_DOWN ? 1 : page;
        else if (a == ACT_UP || a == ACT_PAGE_UP)
            st->detail_top -= a == ACT_UP ? 1 : page;
        else if (a == ACT_TOP)
            st->detail_top = 0;
        else
            return false;
        if (st->detail_top < 0)
            st->detail_top = 0;
        return true;
    }
    struct TableData *td = hp_table(m);
    if (!table_move(&st->tv[m->view], a, td->nvisible, page))
        return false;
    if (m->view == HV_ACTIVITY || m->view == HV_BLOCKING) {
        health_hold(app);
        const char *v = sel_cell(m, st, "pid");
        st->sel_pid = v ? atoi(v) : 0;
    }
    return true;
}

void hp_done(struct Pane *p)
{
    XFREE(p->state);
}
