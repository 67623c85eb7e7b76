/* The Bookings tab's pane (ui/pane_bookings.c) and its detail view (ui/pane_bookings_detail.c). */
#ifndef SD_UI_PANE_BOOKINGS_H
#define SD_UI_PANE_BOOKINGS_H

#include <curses.h>

#include "src/model/bookings.h"

/* Every column of the selected booking, then the customer's other bookings; *top scrolls. */
void bookings_detail_draw(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                          int *top);

#endif
