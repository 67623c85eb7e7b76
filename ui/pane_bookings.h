/* The Bookings tab's pane (ui/pane_bookings.c) and its detail view (ui/pane_bookings_detail.c). */
#ifndef SD_UI_PANE_BOOKINGS_H
#define SD_UI_PANE_BOOKINGS_H

#include <curses.h>

#include "src/model/bookings.h"

/* Every column of the selected booking, then the customer's other bookings, from line top. */
void bookings_detail_draw(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                          int top);
/* How many lines the detail takes at this width (for the scroll, settled before drawing). */
int bookings_detail_lines(const struct BookingsModel *m, int width);

#endif
