/* Every action a key can trigger: one list that feeds the keymap parser, the help overlay and
 * the status line. */
#ifndef SD_ACTION_H
#define SD_ACTION_H

/* X(ENUM, "name in YAML", "help text") */
#define SD_ACTIONS(X)                                                                              \
    X(QUIT, "quit", "Quit salondesk")                                                              \
    X(HELP, "help", "Show or hide this help")                                                      \
    X(REFRESH, "refresh", "Refresh now")                                                           \
    X(PAUSE, "pause", "Pause or resume live refresh")                                              \
    X(TAB_SALONS, "tab-salons", "Go to the Salons tab")                                            \
    X(TAB_BOOKINGS, "tab-bookings", "Go to the Bookings tab")                                      \
    X(TAB_THREADS, "tab-threads", "Go to the Threads tab")                                         \
    X(TAB_HEALTH, "tab-health", "Go to the Health tab")                                            \
    X(TAB_NEXT, "tab-next", "Next tab")                                                            \
    X(TAB_PREV, "tab-prev", "Previous tab")                                                        \
    X(UP, "up", "Move up")                                                                         \
    X(DOWN, "down", "Move down")                                                                   \
    X(LEFT, "left", "Move left / scroll left")                                                     \
    X(RIGHT, "right", "Move right / scroll right")                                                 \
    X(PAGE_UP, "page-up", "One page up")                                                           \
    X(PAGE_DOWN, "page-down", "One page down")                                                     \
    X(TOP, "top", "Go to the first row")                                                           \
    X(BOTTOM, "bottom", "Go to the last row")                                                      \
    X(OPEN, "open", "Open the selected row")                                                       \
    X(BACK, "back", "Go back / close")                                                             \
    X(SEARCH, "search", "Filter the list (/)")                                                     \
    X(COMMAND, "command", "Open the command line (:)")                                             \
    X(CANCEL_QUERY, "cancel-query", "Cancel the running query (twice to quit)")                    \
    X(REDRAW, "redraw", "Redraw the screen")                                                       \
    X(SUSPEND, "suspend", "Suspend to the shell")

enum Action {
    ACT_NONE = 0,
#define SD_ACTION_ENUM(e, n, h) ACT_##e,
    SD_ACTIONS(SD_ACTION_ENUM)
#undef SD_ACTION_ENUM
        ACT__COUNT
};

const char *action_name(enum Action a);
const char *action_help(enum Action a);
/* ACT_NONE when the name is unknown. */
enum Action action_from_name(const char *name);

#endif
