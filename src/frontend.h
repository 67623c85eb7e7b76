/* What the core needs from a user interface. The curses UI in ui/ provides one
 * (curses_frontend); the core never includes curses. */
#ifndef SD_FRONTEND_H
#define SD_FRONTEND_H

#include <stdbool.h>

struct App;

struct Frontend {
    /* Takes over the terminal; false with *err (heap) when it cannot (bad TERM, not a tty). */
    bool (*init)(struct App *app, char **err);
    /* Gives the terminal back exactly as it was. */
    void (*done)(struct App *app);
    /* The descriptor to poll for input. */
    int (*fd)(struct App *app);
    /* Reads every pending key and acts on it; false when the terminal has gone away. */
    bool (*on_input)(struct App *app);
    /* SIG_F_WINCH, SIG_F_CONT. */
    void (*on_signal)(struct App *app, unsigned sigbits);
    /* Redraws what is dirty, ending in one screen update. */
    void (*draw)(struct App *app);
};

extern const struct Frontend curses_frontend;

#endif
