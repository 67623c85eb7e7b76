/* The bottom line: where we are connected, the connection's state, how old the data is, the last
 * query's latency, and the latest message or server notice (made safe). */
#ifndef SD_UI_STATUSBAR_H
#define SD_UI_STATUSBAR_H

#include <curses.h>

#include "src/app.h"

void statusbar_draw(struct App *app, WINDOW *w, int y, int width);
/* The top line: tabs, and the profile in its frame colour. */
void tabbar_draw(struct App *app, WINDOW *w, int width);
/* The tab whose label is at column x of the top line, or -1. */
int tabbar_hit(const struct App *app, int x);

#endif
