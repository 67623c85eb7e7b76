/* Calendar grids for the Bookings tab: the week (seven day columns, hours as rows) and the month
 * (a grid of days with counts per status and a load colour). They read the model only. */
#ifndef SD_UI_WIDGET_CALENDAR_H
#define SD_UI_WIDGET_CALENDAR_H

#include <curses.h>

#include "src/model/bookings.h"

/* The theme attribute of a booking status (unknown statuses: normal). */
attr_t calendar_status_attr(const char *status);
void calendar_draw_week(WINDOW *w, int y, int h, int width, const struct BookingsModel *m,
                        int *top_hour);
void calendar_draw_month(WINDOW *w, int y, int h, int width, const struct BookingsModel *m);

#endif
