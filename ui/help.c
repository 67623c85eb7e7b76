#include "config.h"

#include "ui/help.h"

#include <stdio.h>
#include <string.h>

#include "src/config/keys.h"
#include "src/util/str.h"

#include "ui/color.h"
#include "ui/draw.h"

static const enum KeyContext tab_ctx[VIEW__COUNT] = {KCTX_SALONS, KCTX_BOOKINGS, KCTX_THREADS,
                                                     KCTX_HEALTH};

/* What an action does in one tab, where that says more than its general description. */
struct TabHelp {
    enum KeyContext ctx;
    enum Action a;
    const char *text;
};

static const struct TabHelp tab_help[] = {
    {KCTX_SALONS, ACT_OPEN, "Open the salon's bookings"},
    {KCTX_SALONS, ACT_OPEN_BOOKINGS, "Open the salon's bookings"},
    {KCTX_SALONS, ACT_OPEN_THREAD, "Open the salon's conversations"},
    {KCTX_SALONS, ACT_DETAILS, "Show the salon's details (v again closes)"},
    {KCTX_SALONS, ACT_TOGGLE_IDLE, "Show or hide salons without recent activity"},
    {KCTX_SALONS, ACT_SORT_NEXT, "Sort the salons by the next column"},
    {KCTX_BOOKINGS, ACT_OPEN, "Open the selected booking (month: the day)"},
    {KCTX_BOOKINGS, ACT_SEARCH, "Filter the bookings (/)"},
    {KCTX_BOOKINGS, ACT_SEARCH_NEXT, "Next booking the filter shows"},
    {KCTX_BOOKINGS, ACT_SEARCH_PREV, "Previous booking the filter shows"},
    {KCTX_BOOKINGS, ACT_PERIOD_PREV, "Previous day, week or month"},
    {KCTX_BOOKINGS, ACT_PERIOD_NEXT, "Next day, week or month"},
    {KCTX_BOOKINGS, ACT_UP, "Previous booking"},
    {KCTX_BOOKINGS, ACT_DOWN, "Next booking"},
    {KCTX_THREADS, ACT_OPEN, "Open the conversation; in a thread, fold or unfold"},
    {KCTX_THREADS, ACT_SEARCH, "Filter the list; in a thread, search it (/)"},
    {KCTX_THREADS, ACT_SEARCH_NEXT, "Next search hit (older)"},
    {KCTX_THREADS, ACT_SEARCH_PREV, "Previous search hit (newer)"},
    {KCTX_THREADS, ACT_BACK, "Clear the filter or search; close the thread"},
    {KCTX_THREADS, ACT_TOP, "Oldest message / first conversation"},
    {KCTX_THREADS, ACT_BOTTOM, "Newest message / last conversation"},
    {KCTX_HEALTH, ACT_SORT_NEXT, "Sort the sessions by the next column"},
    {KCTX_HEALTH, ACT_PERIOD_PREV, "Earlier sample of the figures"},
    {KCTX_HEALTH, ACT_PERIOD_NEXT, "Later sample of the figures (live at the end)"},
    {KCTX_HEALTH, ACT_OPEN, "Show the selected session's whole query"},
    {KCTX_HEALTH, ACT_CANCEL_BACKEND, "Cancel the selected session's query, or every tagged one's"},
    {KCTX_HEALTH, ACT_TERMINATE_BACKEND, "Terminate the selected session, or every tagged one"},
    {KCTX_HEALTH, ACT_BACK, "Close the query; clear the filter, then the tags"},
};

static const char *help_text(enum KeyContext ctx, enum Action a)
{
    for (size_t i = 0; i < sizeof tab_help / sizeof *tab_help; i++)
        if (tab_help[i].ctx == ctx && tab_help[i].a == a)
            return tab_help[i].text;
    return action_help(a);
}

/* "j, <Down>" for the keys bound to a in ctx that do a in the tab (a global key the tab binds
 * to something else, or unbinds, is left out); empty when none. */
static void keys_text(const struct Keymap *km, enum KeyContext ctx, enum KeyContext tab,
                      enum Action a, struct StrBuf *out)
{
    int keys[8];
    size_t n = keymap_keys_for(km, ctx, a, keys, 8);
    for (size_t i = 0; i < n; i++) {
        if (keymap_lookup(km, tab, keys[i]) != a)
            continue;
        char name[32];
        sb_append(out, out->len ? ", " : "");
        sb_append(out, key_to_name(keys[i], name, sizeof name));
    }
}

struct HelpDraw {
    WINDOW *w;
    int bx, bw, y, ybot, line, scroll;
    attr_t a, k;
};

static bool help_line(struct HelpDraw *d, const char *keys, const char *text)
{
    if (d->line++ < d->scroll)
        return true;
    if (d->y >= d->ybot)
        return false;
    if (keys)
        draw_text(d->w, d->y, d->bx + 2, 18, keys, d->k);
    draw_text(d->w, d->y, d->bx + (keys ? 21 : 1), d->bw - (keys ? 23 : 3), text,
              keys ? d->a : d->a | A_BOLD);
    d->y++;
    return true;
}

/* One section: a heading, then each action bound in ctx with its keys and what it does here. */
static bool help_section(struct HelpDraw *d, const struct Keymap *km, enum KeyContext ctx,
                         enum KeyContext tab, const char *heading)
{
    if (!help_line(d, NULL, heading))
        return false;
    struct StrBuf keys;
    sb_init(&keys);
    bool more = true;
    for (int act = 1; act < ACT__COUNT && more; act++) {
        sb_clear(&keys);
        keys_text(km, ctx, tab, (enum Action)act, &keys);
        if (keys.len)
            more = help_line(d, keys.s, help_text(tab, (enum Action)act));
    }
    sb_free(&keys);
    return more && help_line(d, NULL, "");
}

void help_draw(struct App *app, WINDOW *w, int rows, int cols, int scroll)
{
    if (cols < 24 || rows < 6)
        return;
    int bw = cols - 4 < 76 ? cols - 4 : 76;
    int bh = rows - 2;
    int bx = (cols - bw) / 2, by = 1;
    attr_t a = color_attr(ROLE_HELP), k = color_attr(ROLE_HELP_KEY);
    for (int i = 0; i < bh; i++)
        draw_fill(w, by + i, bx, bw, a);
    char title[96];
    snprintf(title, sizeof title, " Keys: %s tab and everywhere  (Esc or ? closes) ",
             app_view_label(app->tab));
    draw_text(w, by, bx + 1, bw - 2, title, a | A_BOLD);

    enum KeyContext tab = tab_ctx[app->tab];
    struct HelpDraw d = {.w = w,
                         .bx = bx,
                         .bw = bw,
                         .y = by + 2,
                         .ybot = by + bh - 1,
                         .scroll = scroll,
                         .a = a,
                         .k = k};
    char heading[64];
    snprintf(heading, sizeof heading, "In %s", app_view_label(app->tab));
    if (help_section(&d, app->keymap, tab, tab, heading))
        help_section(&d, app->keymap, KCTX_GLOBAL, tab, "Everywhere");
}
