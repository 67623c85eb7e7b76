/* Shared between the Bookings model's two files (bookings.c: state and moving; bookings_db.c:
 * queries, cache and the TabModel ops). Not for other modules. */
#ifndef SD_MODEL_BOOKINGS_INT_H
#define SD_MODEL_BOOKINGS_INT_H

#include "src/model/bookings.h"

/* Shows the period of the current view and anchor: from the cache at once when it is there,
 * fetching it (and its neighbours) when it is not or when force is set. */
void bk_show(struct App *app, bool force);
/* Rebuilds the items of the period on screen from the cache (after a fetch or a filter). */
void bk_rebuild(struct App *app);
/* The rows of [from, to) for the salon in scope, or NULL. */
const struct DbRows *bk_cached(struct BookingsModel *m, struct CalDate from, struct CalDate to);
void bk_cache_free(struct BookingsModel *m);
/* Turns the salon argument (id or name) into the salon in scope. Returns true when that takes
 * a query (its answer sets resolved), false when the argument was taken as the id at once. */
bool bk_resolve(struct App *app);
/* Searches bookings of any date; the nearest hit is shown, or with list (:find) and more than
 * one hit, the results list (struct BkFound). */
void bk_search(struct App *app, const char *text, bool list);
void bk_fetch_detail(struct App *app);
/* Selects the booking with this id (or the first of the anchor day when it is not shown). */
void bk_set_selected(struct BookingsModel *m, const char *id);

#endif
