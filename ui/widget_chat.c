#include "config.h"

#include "ui/widget_chat.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/tz.h"
#include "src/util/xalloc.h"

#include "ui/color.h"
#include "ui/draw.h"

struct Geo {
    bool narrow;
    int tw; /* text columns */
    int bw; /* bubble columns, padding included */
    int x;  /* bubble's first column */
};

const char *chat_ticks(const char *status, bool utf8)
{
    if (!status)
        return NULL;
    if (strcmp(status, "SENT") == 0)
        return utf8 ? "✓" : "v";
    if (strcmp(status, "DELIVERED") == 0 || strcmp(status, "READ") == 0)
        return utf8 ? "✓✓" : "vv";
    if (strcmp(status, "FAILED") == 0)
        return utf8 ? "✗ failed" : "x failed";
    return NULL;
}

static bool new_day(const struct ThreadMsg *msg, const struct ThreadMsg *prev)
{
    return !prev || tz_day_start(prev->t, 0) != tz_day_start(msg->t, 0);
}

/* Time and cost, then the delivery mark (or an unknown status as it is); all safe text. */
static char *meta_text(const struct ThreadMsg *msg, char **mark)
{
    char hm[16];
    tz_format_local(msg->t, "%H:%M", hm, sizeof hm);
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, hm);
    if (msg->cost && !msg->ai && strspn(msg->cost, "0.") != strlen(msg->cost)) {
        char *c = text_safe(msg->cost, (size_t)-1, 0);
        sb_appendf(&sb, " · cost %s", c);
        free(c);
    }
    *mark = NULL;
    if (!msg->inbound && !msg->ai && msg->status) {
        const char *t = chat_ticks(msg->status, text_is_utf8());
        *mark = t ? xstrdup(t) : text_safe(msg->status, (size_t)-1, 0);
    }
    char *r = sb_steal(&sb);
    sb_free(&sb);
    if (!text_is_utf8()) { /* "·" is ours: keep the ASCII path ASCII */
        char *a = text_safe(r, (size_t)-1, 0);
        free(r);
        r = a;
    }
    return r;
}

static char *ai_header(const struct ThreadMsg *msg)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_append(&sb, "AI");
    if (msg->ai_model)
        sb_appendf(&sb, " %s", msg->ai_model);
    if (msg->tokens)
        sb_appendf(&sb, " | %s tokens", msg->tokens);
    if (msg->cost)
        sb_appendf(&sb, " | cost %s", msg->cost);
    if (msg->response_ms)
        sb_appendf(&sb, " | %s ms", msg->response_ms);
    char *raw = sb_steal(&sb);
    sb_free(&sb);
    char *s = text_safe(raw, (size_t)-1, 0);
    free(raw);
    return s;
}

static void layout(struct ThreadMsg *msg, int tw)
{
    if (msg->lay_width == tw && msg->spans)
        return;
    free(msg->spans);
    msg->spans = NULL;
    msg->nspans = text_wrap(msg->text ? msg->text : "", tw, &msg->spans);
    msg->lay_width = tw;
}

static void geometry(struct ThreadMsg *msg, int width, struct Geo *g)
{
    g->narrow = width < CHAT_NARROW;
    if (g->narrow) {
        g->tw = width > 3 ? width - 2 : 1;
        g->bw = width;
        g->x = 0;
        layout(msg, g->tw);
        return;
    }
    int max = width * 2 / 3;
    g->tw = max - 2;
    layout(msg, g->tw);
    int content = 0;
    for (size_t i = 0; i < msg->nspans; i++)
        if (msg->spans[i].width > content)
            content = msg->spans[i].width;
    char *mark;
    char *meta = meta_text(msg, &mark);
    int mw = text_width(meta) + (mark ? 1 + text_width(mark) : 0);
    free(meta);
    free(mark);
    if (mw > content)
        content = mw;
    if (msg->ai) {
        char *h = ai_header(msg);
        int hw = text_width(h);
        free(h);
        if (hw > content)
            content = hw;
    }
    if (content > g->tw)
        content = g->tw;
    g->bw = content + 2;
    g->x = msg->inbound ? 1 : width - 1 - g->bw;
}

/* The text lines drawn once geometry() laid msg out: all, or the fold's first lines. */
static int text_lines(const struct ThreadMsg *msg)
{
    if (msg->unfolded || msg->nspans <= CHAT_FOLD_LINES)
        return (int)msg->nspans;
    return CHAT_FOLD_KEEP;
}

static bool folded(const struct ThreadMsg *msg)
{
    return text_lines(msg) < (int)msg->nspans;
}

bool chat_msg_foldable(struct ThreadMsg *msg, int width)
{
    struct Geo g;
    geometry(msg, width, &g);
    return msg->nspans > CHAT_FOLD_LINES;
}

int chat_msg_lines(struct ThreadMsg *msg, const struct ThreadMsg *prev, int width)
{
    struct Geo g;
    geometry(msg, width, &g);
    return (new_day(msg, prev) ? 1 : 0) + (msg->ai ? 1 : 0) + text_lines(msg) +
           (folded(msg) ? 1 : 0) + 1;
}

/* The line that stands for a fold's hidden lines. */
static void draw_fold(WINDOW *w, int y, int x, int cols, const struct ThreadMsg *msg, attr_t a)
{
    char s[64];
    int hidden = (int)msg->nspans - text_lines(msg);
    snprintf(s, sizeof s, "%s (+%d line%s)", text_is_utf8() ? "…" : "...", hidden,
             hidden == 1 ? "" : "s");
    draw_text(w, y, x, cols, s, a | A_BOLD);
}

/* Draws text[off, off + len) of msg (already safe) with its tokens and search hits marked. */
static void draw_span(WINDOW *w, int y, int x, const struct ThreadMsg *msg, size_t off, size_t len,
                      attr_t base, const char *search, bool hit)
{
    wmove(w, y, x);
    if (len == 0)
        return;
    attr_t *at = xcalloc(len, sizeof *at);
    for (size_t i = 0; i < len; i++)
        at[i] = base;
    attr_t esc = (base & ~A_COLOR) | color_attr(ROLE_ESCAPED);
    for (int k = 0; k < msg->ntok; k++) {
        size_t a = msg->tok[2 * k], b = a + msg->tok[2 * k + 1];
        for (size_t i = a > off ? a : off; i < b && i < off + len; i++)
            at[i - off] = esc;
    }
    size_t sl = search ? strlen(search) : 0;
    for (size_t i = 0; sl && i + sl <= len; i++)
        if (strncasecmp(msg->text + off + i, search, sl) == 0)
            for (size_t j = i; j < i + sl; j++)
                at[j] |= A_REVERSE | (hit ? A_BOLD : 0);
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && at[j] == at[i])
            j++;
        wattrset(w, (int)at[i]);
        waddnstr(w, msg->text + off + i, (int)(j - i)); /* safe text (text_safe_each) */
        i = j;
    }
    free(at);
}

/* Our own safe string s (width sw) at y, x. */
static void put(WINDOW *w, int y, int x, const char *s, attr_t a)
{
    wattrset(w, (int)a);
    mvwaddstr(w, y, x, s);
}

static void draw_separator(WINDOW *w, int y, int width, const struct ThreadMsg *msg)
{
    char day[64];
    tz_format_local(msg->t, " %a %d %b %Y ", day, sizeof day);
    attr_t a = color_attr(ROLE_LIST_DIM);
    draw_fill(w, y, 0, width, color_attr(ROLE_NORMAL));
    int dw = (int)strlen(day);
    if (dw > width)
        return;
    int left = (width - dw) / 2;
    const char *rule = text_is_utf8() ? "─" : "-";
    wattrset(w, (int)a);
    wmove(w, y, 1);
    for (int i = 1; i < left; i++)
        waddstr(w, rule);
    waddstr(w, day);
    for (int i = left + dw; i < width - 1; i++)
        waddstr(w, rule);
}

void chat_draw_line(WINDOW *w, int y, int width, struct ThreadMsg *msg,
                    const struct ThreadMsg *prev, int line, const char *search, bool hit)
{
    struct Geo g;
    geometry(msg, width, &g);
    draw_fill(w, y, 0, width, color_attr(ROLE_NORMAL));
    if (new_day(msg, prev)) {
        if (line == 0) {
            draw_separator(w, y, width, msg);
            return;
        }
        line--;
    }
    attr_t bub = color_attr(msg->inbound ? ROLE_MSG_INBOUND : ROLE_MSG_OUTBOUND);
    if (msg->ai)
        bub |= A_DIM;
    int tx = g.narrow ? 2 : g.x + 1;
    if (!g.narrow)
        draw_fill(w, y, g.x, g.bw, bub);
    if (msg->ai) {
        if (line == 0) {
            char *h = ai_header(msg);
            size_t fit = text_fit(h, g.narrow ? width - tx : g.tw, NULL);
            h[fit] = '\0';
            put(w, y, tx, h, (bub & ~A_DIM) | A_BOLD);
            free(h);
            return;
        }
        line--;
    }
    if (line == text_lines(msg) && folded(msg)) {
        draw_fold(w, y, tx, g.narrow ? width - tx : g.bw - 2, msg,
                  g.narrow ? color_attr(ROLE_LIST_DIM) : bub);
        return;
    }
    if (line > text_lines(msg))
        line = (int)msg->nspans; /* the meta line comes after the fold's line */
    if (line < text_lines(msg)) {
        if (g.narrow && line == 0)
            put(w, y, 0, msg->inbound ? (text_is_utf8() ? "←" : "<") : (text_is_utf8() ? "→" : ">"),
                bub | A_BOLD);
        const struct TextSpan *sp = &msg->spans[line];
        draw_span(w, y, tx, msg, sp->off, sp->len, g.narrow ? color_attr(ROLE_NORMAL) : bub, search,
                  hit);
        return;
    }
    /* The meta line: time, cost and ticks, at the bubble's right edge. */
    char *mark;
    char *meta = meta_text(msg, &mark);
    int mw = text_width(meta), kw = mark ? text_width(mark) + 1 : 0;
    int avail = g.narrow ? width - tx : g.tw;
    if (mw + kw > avail) {
        kw = 0;
        mw = mw > avail ? avail : mw;
    }
    int x = g.narrow ? tx : g.x + g.bw - 1 - (mw + kw);
    if (x < tx)
        x = tx;
    size_t fit = text_fit(meta, mw, NULL);
    meta[fit] = '\0';
    put(w, y, x, meta, (g.narrow ? color_attr(ROLE_LIST_DIM) : bub) | A_DIM);
    if (kw) {
        attr_t ka = g.narrow ? color_attr(ROLE_NORMAL) : bub;
        if (strcmp(msg->status, "READ") == 0)
            ka = (ka & ~A_COLOR) | color_attr(ROLE_STATUS_OK) | A_BOLD;
        else if (strcmp(msg->status, "FAILED") == 0)
            ka = (ka & ~A_COLOR) | color_attr(ROLE_STATUS_ERROR) | A_BOLD;
        put(w, y, x + mw + 1, mark, ka);
    }
    free(meta);
    free(mark);
}
