/* The help overlay, built from the active keymap: every action with the keys bound to it. */
#ifndef SD_UI_HELP_H
#define SD_UI_HELP_H

#include <curses.h>

#include "src/app.h"

void help_draw(struct App *app, WINDOW *w, int rows, int cols, int scroll);

#endif
