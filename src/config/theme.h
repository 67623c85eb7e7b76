/* Themes as data: YAML that gives each role a foreground, background and attributes.
 *
 *   extends: dark          # optional: start from another theme
 *   roles:
 *     tab.active: { fg: black, bg: "#87afff", attrs: [bold] }
 *
 * Colours are names (default, black, red, green, yellow, blue, magenta, cyan, white and
 * bright-*), 0..255, or "#rrggbb" (kept as RGB; the UI picks the nearest colour the terminal
 * has). The shipped themes/dark.yaml is built into the binary. */
#ifndef SD_THEME_H
#define SD_THEME_H

#include <stdbool.h>
#include <stddef.h>

/* X(ENUM, "name") */
#define SD_ROLES(X)                                                                                \
    X(NORMAL, "normal")                                                                            \
    X(FRAME, "frame")                                                                              \
    X(TAB_ACTIVE, "tab.active")                                                                    \
    X(TAB_INACTIVE, "tab.inactive")                                                                \
    X(STATUS, "status")                                                                            \
    X(STATUS_OK, "status.ok")                                                                      \
    X(STATUS_WARN, "status.warn")                                                                  \
    X(STATUS_ERROR, "status.error")                                                                \
    X(LIST_HEADER, "list.header")                                                                  \
    X(LIST_CURSOR, "list.cursor")                                                                  \
    X(LIST_DIM, "list.dim")                                                                        \
    X(STALE, "stale")                                                                              \
    X(ESCAPED, "text.escaped")                                                                     \
    X(HELP, "help")                                                                                \
    X(HELP_KEY, "help.key")                                                                        \
    X(PROMPT, "prompt")                                                                            \
    X(NOTICE, "notice")                                                                            \
    X(HEALTH_OK, "health.ok")                                                                      \
    X(HEALTH_WARN, "health.warn")                                                                  \
    X(HEALTH_CRIT, "health.crit")                                                                  \
    X(BOOKING_CONFIRMED, "booking.confirmed")                                                      \
    X(BOOKING_CANCELLED, "booking.cancelled")                                                      \
    X(BOOKING_COMPLETED, "booking.completed")                                                      \
    X(BOOKING_NO_SHOW, "booking.no_show")                                                          \
    X(MSG_INBOUND, "message.inbound")                                                              \
    X(MSG_OUTBOUND, "message.outbound")

enum ThemeRole {
#define SD_ROLE_ENUM(e, n) ROLE_##e,
    SD_ROLES(SD_ROLE_ENUM)
#undef SD_ROLE_ENUM
        ROLE__COUNT
};

enum {
    THEME_BOLD = 1 << 0,
    THEME_DIM = 1 << 1,
    THEME_REVERSE = 1 << 2,
    THEME_UNDERLINE = 1 << 3,
    THEME_ITALIC = 1 << 4,
};

#define THEME_COLOR_DEFAULT (-1)
#define THEME_RGB(r, g, b) (0x1000000 | ((r) << 16) | ((g) << 8) | (b))
#define THEME_IS_RGB(c) ((c) >= 0x1000000)

struct ThemeStyle {
    int fg; /* THEME_COLOR_DEFAULT, 0..255, or THEME_RGB() */
    int bg;
    unsigned attrs;
};

struct Theme {
    char *name;
    struct ThemeStyle roles[ROLE__COUNT];
};

const char *theme_role_name(enum ThemeRole r);

/* `resolve` loads another theme by name for `extends:` (NULL: extends is an error). */
typedef bool (*theme_resolve_fn)(const char *name, struct Theme *out, char **err, void *ud);

/* Parses YAML text; `origin` names it in error messages ("file:line:column: ..."). Roles the
 * file does not mention keep what `out` held (or the extended theme's values); within a role,
 * fg, bg and attrs not given are kept too. `resolve` receives `out` set up by
 * theme_init_plain(out, name) and usually calls theme_load_file/_string with itself again;
 * an extends chain deeper than 8 or one that loops is an error. On error `out` is unchanged. */
bool theme_load_string(const char *yaml, size_t len, const char *origin, struct Theme *out,
                       theme_resolve_fn resolve, void *ud, char **err);
bool theme_load_file(const char *path, struct Theme *out, theme_resolve_fn resolve, void *ud,
                     char **err);
/* Parses a colour as the theme files write it: a name ("red", "bright-blue", "default"),
 * 0..255, or "#rrggbb". False for anything else. */
bool theme_parse_color(const char *s, int *out);
/* The role for "tab.active", or -1. */
int theme_role_from_name(const char *name);

/* Every role default/default with no attributes except list.cursor reversed. */
void theme_init_plain(struct Theme *t, const char *name);
void theme_free(struct Theme *t);

#endif
