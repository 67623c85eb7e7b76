/* Calendar grids for the Bookings tab: the week (seven day columns, hours as rows) and the month
 * (a grid of days with counts per status and a load colour). They read the model only. */
#ifndef SD_UI_WIDGET_CALENDAR_H
#define SD_UI_WIDGET_CALENDAR_H

#include <curses.h>

#include "src/model/bookings.h"

/* The theme attribute of a booking status (unknown statuses: normal). */
attr_t calendar_status_attr(const char *status);
/* Before drawing: the week's first hour row, kept in its hours with the selection on screen. */
void calendar_week_settle(const struct BookingsModel *m, int h, int *top_hour);
/* The week from hour row top (as settled). */
void calendar_draw_week(WINDOW *w, int y, int h, int width, const struct BookingsModel *m, int top);
void calendar_draw_month(WINDOW *w, int y, int h, int width, const struct BookingsModel *m);

#endif
