/* The console's tabs, in the order of their number keys: the one list that the app (its tab
 * models), the command line (--once, --tab), the keymap contexts and the panes are built from.
 * Adding a tab starts here; see HACKING.md, "Adding a tab".
 *
 * X(id, keymap context, name on the command line and in keymaps, label, model, pane) */
#ifndef SD_TABS_H
#define SD_TABS_H

#define SD_TABS(X)                                                                                 \
    X(VIEW_SALONS, KCTX_SALONS, "salons", "Salons", table_tab_model, salons_pane)                  \
    X(VIEW_BOOKINGS, KCTX_BOOKINGS, "bookings", "Bookings", bookings_tab_model,                    \
      bookings_calendar_pane)                                                                      \
    X(VIEW_THREADS, KCTX_THREADS, "threads", "Threads", threads_tab_model, pane_threads)           \
    X(VIEW_HEALTH, KCTX_HEALTH, "health", "Health", health_tab_model, health_pane_ops)

enum ViewId {
#define SD_TAB_ID(id, ctx, name, label, model, pane) id,
    SD_TABS(SD_TAB_ID)
#undef SD_TAB_ID
        VIEW__COUNT,
};

/* The tabs' names, NULL-terminated, for option and keymap parsing. */
extern const char *const tab_names[VIEW__COUNT + 1];

/* "salons", "Salons"; "?" for a value that is no tab. */
const char *tab_name(enum ViewId v);
const char *tab_label(enum ViewId v);

#endif
