/* A chat pager's lines: one message of the Threads model laid out at a width, as WhatsApp does:
 * inbound on the left, outbound on the right (one column with arrows when narrow), a separator
 * at each new day, the time in the display zone, delivery ticks and cost under the text. */
#ifndef SD_UI_WIDGET_CHAT_H
#define SD_UI_WIDGET_CHAT_H

#include <curses.h>
#include <stdbool.h>

#include "src/model/threads.h"

#define CHAT_NARROW 60     /* below this width: one column */
#define CHAT_FOLD_LINES 12 /* a message with more text lines than this is folded... */
#define CHAT_FOLD_KEEP 8   /* ...to its first lines and a line "… (+K lines)" */

/* Screen lines msg takes at width; prev is the message before it (NULL: none loaded), which
 * decides whether a day separator comes first. */
int chat_msg_lines(struct ThreadMsg *msg, const struct ThreadMsg *prev, int width);

/* True when msg is long enough at width to be folded (folded unless msg->unfolded). */
bool chat_msg_foldable(struct ThreadMsg *msg, int width);

/* Draws line `line` of msg at row y. search (or NULL) is highlighted; hit marks the current hit. */
void chat_draw_line(WINDOW *w, int y, int width, struct ThreadMsg *msg,
                    const struct ThreadMsg *prev, int line, const char *search, bool hit);

/* The delivery mark of a status: ✓ ✓✓ ✗ (v vv x in ASCII); NULL for none or unknown. */
const char *chat_ticks(const char *status, bool utf8);

#endif
