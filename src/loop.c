#include "config.h"

#include "src/loop.h"

#include <errno.h>

#include "src/db/conn.h"

void loop_reset(struct LoopSet *ls)
{
    ls->n = 0;
}

int loop_add(struct LoopSet *ls, int fd, short events)
{
    if (fd < 0 || events == 0 || ls->n >= LOOP_MAX_FDS)
        return -1;
    ls->fds[ls->n].fd = fd;
    ls->fds[ls->n].events = events;
    ls->fds[ls->n].revents = 0;
    return ls->n++;
}

int loop_wait(struct LoopSet *ls, int64_t deadline_ms)
{
    int timeout = -1;
    if (deadline_ms >= 0) {
        int64_t d = deadline_ms - db_now_ms();
        timeout = d < 0 ? 0 : d > 3600000 ? 3600000 : (int)d;
    }
    int r = poll(ls->fds, (nfds_t)ls->n, timeout);
    if (r < 0 && errno == EINTR)
        return 0;
    return r;
}

short loop_revents(const struct LoopSet *ls, int idx)
{
    return idx >= 0 && idx < ls->n ? ls->fds[idx].revents : 0;
}

int64_t loop_min_deadline(int64_t a, int64_t b)
{
    if (a < 0)
        return b;
    if (b < 0)
        return a;
    return a < b ? a : b;
}
