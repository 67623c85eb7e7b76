/* The curses frontend: set-up and teardown, layout, keys, and the draw pass. */
#ifndef SD_UI_UI_H
#define SD_UI_UI_H

#include "src/frontend.h"

#define UI_MIN_COLS 40
#define UI_MIN_ROWS 10

#endif
