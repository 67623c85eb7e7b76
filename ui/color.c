#include "config.h"

#include "ui/color.h"

#include <stdlib.h>

static attr_t role_attr[ROLE__COUNT];
static bool colors_on;

bool color_enabled(void)
{
    return colors_on;
}

attr_t color_attr(enum ThemeRole role)
{
    return role < ROLE__COUNT ? role_attr[role] : A_NORMAL;
}

/* The xterm 256-colour index nearest to an RGB value (cube or grey ramp). */
static int nearest_256(int rgb)
{
    int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
    static const int steps[6] = {0, 95, 135, 175, 215, 255};
    int idx[3];
    const int vals[3] = {r, g, b};
    for (int i = 0; i < 3; i++) {
        int best = 0;
        for (int k = 1; k < 6; k++)
            if (abs(steps[k] - vals[i]) < abs(steps[best] - vals[i]))
                best = k;
        idx[i] = best;
    }
    int cube = 16 + 36 * idx[0] + 6 * idx[1] + idx[2];
    int cr = steps[idx[0]], cg = steps[idx[1]], cb = steps[idx[2]];
    long cube_err =
        (long)(cr - r) * (cr - r) + (long)(cg - g) * (cg - g) + (long)(cb - b) * (cb - b);
    int grey = (r + g + b) / 3;
    int gi = grey < 8 ? 0 : grey > 238 ? 23 : (grey - 8) / 10;
    int gv = 8 + gi * 10;
    long grey_err =
        (long)(gv - r) * (gv - r) + (long)(gv - g) * (gv - g) + (long)(gv - b) * (gv - b);
    return grey_err < cube_err ? 232 + gi : cube;
}

/* Approximate RGB of a 256-colour index, for folding into 8 colours. */
static int rgb_of(int c)
{
    static const int base[16] = {0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
                                 0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
                                 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff};
    if (c < 16)
        return base[c];
    if (c >= 232) {
        int v = 8 + (c - 232) * 10;
        return (v << 16) | (v << 8) | v;
    }
    static const int steps[6] = {0, 95, 135, 175, 215, 255};
    c -= 16;
    return (steps[c / 36] << 16) | (steps[(c / 6) % 6] << 8) | steps[c % 6];
}

static int nearest_8(int rgb)
{
    int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
    int best = 0;
    long best_err = -1;
    for (int i = 0; i < 8; i++) {
        int c = rgb_of(i);
        int cr = (c >> 16) & 0xff, cg = (c >> 8) & 0xff, cb = c & 0xff;
        long e = (long)(cr - r) * (cr - r) + (long)(cg - g) * (cg - g) + (long)(cb - b) * (cb - b);
        if (best_err < 0 || e < best_err) {
            best_err = e;
            best = i;
        }
    }
    return best;
}

/* Maps a theme colour to one this terminal has. */
static short map_color(int c)
{
    if (c < 0)
        return -1;
    if (THEME_IS_RGB(c)) {
        int rgb = c & 0xffffff;
        return (short)(COLORS >= 256 ? nearest_256(rgb) : nearest_8(rgb));
    }
    if (c < COLORS)
        return (short)c;
    if (c < 16)
        return (short)(c - 8); /* bright -> normal on 8-colour terminals */
    return (short)nearest_8(rgb_of(c));
}

static attr_t attrs_of(unsigned a)
{
    attr_t r = A_NORMAL;
    if (a & THEME_BOLD)
        r |= A_BOLD;
    if (a & THEME_DIM)
        r |= A_DIM;
    if (a & THEME_REVERSE)
        r |= A_REVERSE;
    if (a & THEME_UNDERLINE)
        r |= A_UNDERLINE;
#ifdef A_ITALIC
    if (a & THEME_ITALIC)
        r |= A_ITALIC;
#endif
    return r;
}

void color_setup(const struct Theme *theme, int frame)
{
    const char *nc = getenv("NO_COLOR");
    colors_on = has_colors() && !(nc && *nc);
    if (colors_on) {
        start_color();
        use_default_colors();
    }
    short next_pair = 1;
    for (int r = 0; r < ROLE__COUNT; r++) {
        struct ThemeStyle st = theme->roles[r];
        if (r == ROLE_FRAME && frame >= -1) {
            st.bg = frame;
            st.fg = 0; /* black on the profile's colour */
        }
        attr_t a = attrs_of(st.attrs);
        if (colors_on && (st.fg >= 0 || st.bg >= 0) && next_pair < COLOR_PAIRS) {
            init_pair(next_pair, map_color(st.fg), map_color(st.bg));
            a |= COLOR_PAIR(next_pair);
            next_pair++;
        }
        role_attr[r] = a;
    }
    /* Without colour, the roles that carry meaning still need to be visible. */
    if (!colors_on) {
        role_attr[ROLE_LIST_CURSOR] |= A_REVERSE;
        role_attr[ROLE_TAB_ACTIVE] |= A_REVERSE | A_BOLD;
        role_attr[ROLE_FRAME] |= A_REVERSE;
        role_attr[ROLE_STATUS_ERROR] |= A_BOLD;
        role_attr[ROLE_ESCAPED] |= A_DIM;
        role_attr[ROLE_LIST_HEADER] |= A_BOLD;
        role_attr[ROLE_STALE] |= A_DIM;
    }
}
