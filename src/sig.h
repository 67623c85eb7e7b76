/* Signals: handlers only write a byte to a self-pipe that the poll loop watches. Fatal signals
 * restore the terminal with async-signal-safe calls, then die with the same signal. */
#ifndef SD_SIG_H
#define SD_SIG_H

#include <stdbool.h>
#include <termios.h>

enum {
    SIG_F_QUIT = 1 << 0,  /* SIGTERM, SIGINT */
    SIG_F_HUP = 1 << 1,   /* SIGHUP: the terminal went away */
    SIG_F_WINCH = 1 << 2, /* the terminal was resized */
    SIG_F_CONT = 1 << 3,  /* resumed after a stop */
};

bool sig_init(void);
/* The read end of the self-pipe, for poll(). */
int sig_fd(void);
/* Reads the pipe empty and returns the SIG_F_* bits seen since the last call. */
unsigned sig_drain(void);
/* What a crash must undo: the termios to restore and the bytes that leave the alternate screen
 * and show the cursor. Copied into static storage; pass NULL to forget. */
void sig_set_restore(const struct termios *t, const char *seq);

#endif
