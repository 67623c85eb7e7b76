/* The clock and the one poll() of the program. The app gathers its descriptors (terminal,
 * signal pipe, database sockets) each turn; nothing else in the program sleeps or blocks. */
#ifndef SD_LOOP_H
#define SD_LOOP_H

#include <poll.h>
#include <stdint.h>

#define LOOP_MAX_FDS 24 /* the terminal, signals, the main connection, a fleet */

struct LoopSet {
    struct pollfd fds[LOOP_MAX_FDS];
    int n;
};

void loop_reset(struct LoopSet *ls);
/* Adds fd (ignored when negative or events is 0); returns its index or -1. */
int loop_add(struct LoopSet *ls, int fd, short events);
/* Waits until a descriptor is ready or the deadline (monotonic ms; -1 = none) passes.
 * Returns poll()'s result; EINTR counts as 0. */
int loop_wait(struct LoopSet *ls, int64_t deadline_ms);
short loop_revents(const struct LoopSet *ls, int idx);
/* The earlier of two deadlines, where -1 means none. */
int64_t loop_min_deadline(int64_t a, int64_t b);

#endif
