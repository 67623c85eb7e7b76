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

/* "j, <Down>" for the keys bound to a in ctx; empty when none. */
static void keys_text(const struct Keymap *km, enum KeyContext ctx, enum Action a,
                      struct StrBuf *out)
{
    int keys[8];
    size_t n = keymap_keys_for(km, ctx, a, keys, 8);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        sb_append(out, i ? ", " : "");
        sb_append(out, key_to_name(keys[i], name, sizeof name));
    }
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

    int line = 0, y = by + 2;
    enum KeyContext ctxs[2] = {tab_ctx[app->tab], KCTX_GLOBAL};
    struct StrBuf keys;
    sb_init(&keys);
    for (int ci = 0; ci < 2; ci++) {
        for (int act = 1; act < ACT__COUNT; act++) {
            sb_clear(&keys);
            keys_text(app->keymap, ctxs[ci], (enum Action)act, &keys);
            if (!keys.len)
                continue;
            if (line++ < scroll)
                continue;
            if (y >= by + bh - 1)
                break;
            draw_text(w, y, bx + 2, 18, keys.s, k);
            draw_text(w, y, bx + 21, bw - 23, action_help((enum Action)act), a);
            y++;
        }
    }
    sb_free(&keys);
}
