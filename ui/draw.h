/* Drawing untrusted text: everything goes through text_safe_each(), and the visible tokens that
 * stand for control characters are drawn in the text.escaped role. */
#ifndef SD_UI_DRAW_H
#define SD_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>

/* Draws raw (NULL draws nothing) at y, x in exactly width columns: clipped, then padded with
 * spaces in attr. Returns the columns the text itself took. */
int draw_text(WINDOW *w, int y, int x, int width, const char *raw, attr_t attr);
/* The same, right-aligned. */
int draw_text_right(WINDOW *w, int y, int x, int width, const char *raw, attr_t attr);
/* Draws raw (made safe, '\n' kept) wrapped to width from line y, in at most h lines.
 * Returns the lines used. */
int draw_wrapped(WINDOW *w, int y, int x, int h, int width, const char *raw, attr_t attr);
/* Text that is ours (labels, never from the database): still clipped to width. */
void draw_fill(WINDOW *w, int y, int x, int width, attr_t attr);

#endif
