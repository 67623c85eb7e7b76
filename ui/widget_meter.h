/* Meters for the Health strip: a bar of coloured segments against a total, and a sparkline. */
#ifndef SD_UI_WIDGET_METER_H
#define SD_UI_WIDGET_METER_H

#include <curses.h>

struct MeterSeg {
    double value;
    attr_t attr;
};

/* [|||||||    ] in width columns (brackets included); segments in order, scaled to total. */
void meter_bar(WINDOW *w, int y, int x, int width, const struct MeterSeg *segs, int n, double total,
               attr_t frame);
/* The last width values of v[0..n) as block characters (ASCII in a non-UTF-8 locale), scaled
 * from 0 to their maximum. */
void meter_spark(WINDOW *w, int y, int x, int width, const double *v, int n, attr_t attr);

#endif
