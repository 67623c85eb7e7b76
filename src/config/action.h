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
    X(SUSPEND, "suspend", "Suspend to the shell")                                                  \
    X(PERIOD_PREV, "period-prev", "Previous period (Bookings) / earlier sample (Health)")          \
    X(PERIOD_NEXT, "period-next", "Next period (Bookings) / later sample (Health)")                \
    X(SORT_NEXT, "sort-next", "Sort by the next column")                                           \
    X(TOGGLE_IDLE, "toggle-idle", "Show or hide idle sessions")                                    \
    X(TOGGLE_PARTITIONS, "toggle-partitions", "Health: list partitions under their tables")        \
    X(VIEW_ACTIVITY, "view-activity", "Health: sessions")                                          \
    X(VIEW_BLOCKING, "view-blocking", "Health: who blocks whom")                                   \
    X(VIEW_TABLES, "view-tables", "Health: tables by size")                                        \
    X(VIEW_INDEXES, "view-indexes", "Health: indexes by size")                                     \
    X(VIEW_STATEMENTS, "view-statements", "Health: slow queries")                                  \
    X(VIEW_REPLICATION, "view-replication", "Health: replication and maintenance")                 \
    X(VIEW_POOLS, "view-pools", "Health: the pooler's pools (PgBouncer)")                          \
    X(ACKNOWLEDGE, "acknowledge", "Health: acknowledge the standbys that went away")               \
    X(EXPLAIN, "explain", "Plan the selected query (EXPLAIN, no ANALYZE)")                         \
    X(COPY, "copy", "Copy the selected text to the clipboard (OSC 52, if enabled)")                \
    X(CANCEL_BACKEND, "cancel-backend", "Cancel the selected session's query (asks first)")        \
    X(TERMINATE_BACKEND, "terminate-backend", "Terminate the selected session (asks first)")       \
    X(TAG, "tag", "Health: tag or untag the session; c and K then act on all tagged")              \
    X(VIEW_DAY, "view-day", "Bookings: day")                                                       \
    X(VIEW_WEEK, "view-week", "Bookings: week")                                                    \
    X(VIEW_MONTH, "view-month", "Bookings: month")                                                 \
    X(VIEW_AGENDA, "view-agenda", "Bookings: agenda")                                              \
    X(TODAY, "today", "Go to today")                                                               \
    X(TOGGLE_CANCELLED, "toggle-cancelled", "Show or hide cancelled and no-show bookings")         \
    X(FILTER_MASTER, "filter-master", "Show one master's bookings (cycles)")                       \
    X(FILTER_SERVICE, "filter-service", "Show one service's bookings (cycles)")                    \
    X(FREE_SLOTS, "free-slots", "Bookings: each master's free slots on the day shown")             \
    X(OPEN_THREAD, "open-thread", "Open the customer's conversation")                              \
    X(OPEN_BOOKINGS, "open-bookings", "Open the customer's bookings")                              \
    X(SEARCH_NEXT, "search-next", "Next search hit")                                               \
    X(SEARCH_PREV, "search-prev", "Previous search hit")                                           \
    X(TOGGLE_AI, "toggle-ai", "Show or hide AI messages")                                          \
    X(DETAILS, "details", "Show every column of the selected row")                                 \
    X(FOLD, "fold", "Fold or unfold a long message: the search hit, else the first on screen")

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
