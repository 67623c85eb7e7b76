/* The line at the bottom for '/' (filter) and ':' (commands): readline's callback interface fed
 * from our own key loop, so readline never reads or writes the terminal itself. History is kept
 * in $XDG_STATE_HOME/salondesk/history. */
#ifndef SD_UI_PROMPT_H
#define SD_UI_PROMPT_H

#include <curses.h>
#include <stdbool.h>

enum PromptResult {
    PROMPT_EDITING,
    PROMPT_ACCEPTED,
    PROMPT_CANCELLED,
};

/* Completes a line of the given kind (':' or '/'): whole-line candidates, a NULL-terminated
 * heap array, or NULL. */
typedef char **(*prompt_complete_fn)(void *ud, char kind, const char *line);

void prompt_init(void);
void prompt_set_completer(prompt_complete_fn fn, void *ud);
void prompt_done(void);
bool prompt_active(void);
/* Starts a line with the given one-character prompt ("/" or ":") and initial text. */
void prompt_start(char kind, const char *initial);
char prompt_kind(void);
/* Feeds one key (an SDK_* key or a code point). On PROMPT_ACCEPTED, *line (heap) holds the text. */
enum PromptResult prompt_feed(int key, char **line);
void prompt_draw(WINDOW *w, int y, int width);

#endif
