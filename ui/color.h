/* Theme roles to curses attributes, degrading to 8 colours or none (NO_COLOR, mono terminals). */
#ifndef SD_UI_COLOR_H
#define SD_UI_COLOR_H

#include <curses.h>
#include <stdbool.h>

#include "src/config/theme.h"

/* Call after newterm. frame (a colour, or -2 for none) overrides the frame role's background,
 * so each profile can look different. */
void color_setup(const struct Theme *theme, int frame);
attr_t color_attr(enum ThemeRole role);
bool color_enabled(void);

#endif
