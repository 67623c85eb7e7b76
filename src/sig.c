#include "config.h"

#include "src/sig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static int pipe_fds[2] = {-1, -1};
static volatile sig_atomic_t have_restore;
static struct termios restore_tio;
static char restore_seq[256];
static size_t restore_len;

static void on_signal(int sig)
{
    int saved = errno;
    char c;
    switch (sig) {
    case SIGHUP:
        c = 'h';
        break;
    case SIGWINCH:
        c = 'w';
        break;
    case SIGCONT:
        c = 'c';
        break;
    default:
        c = 'q';
        break;
    }
    ssize_t w = write(pipe_fds[1], &c, 1);
    (void)w;
    errno = saved;
}

/* Only async-signal-safe calls here: write, tcsetattr, sigaction, raise. */
static void on_fatal(int sig)
{
    if (have_restore) {
        ssize_t w = write(STDOUT_FILENO, restore_seq, restore_len);
        (void)w;
        tcsetattr(STDIN_FILENO, TCSANOW, &restore_tio);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    raise(sig);
}

static void install(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

bool sig_init(void)
{
    if (pipe_fds[0] >= 0)
        return true;
    if (pipe(pipe_fds) != 0)
        return false;
    for (int i = 0; i < 2; i++) {
        fcntl(pipe_fds[i], F_SETFL, fcntl(pipe_fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(pipe_fds[i], F_SETFD, FD_CLOEXEC);
    }
    install(SIGTERM, on_signal, SA_RESTART);
    install(SIGINT, on_signal, SA_RESTART);
    install(SIGHUP, on_signal, SA_RESTART);
    install(SIGWINCH, on_signal, SA_RESTART);
    install(SIGCONT, on_signal, SA_RESTART);
    install(SIGPIPE, SIG_IGN, 0);
    install(SIGSEGV, on_fatal, SA_RESETHAND);
    install(SIGBUS, on_fatal, SA_RESETHAND);
    install(SIGABRT, on_fatal, SA_RESETHAND);
    install(SIGFPE, on_fatal, SA_RESETHAND);
    install(SIGILL, on_fatal, SA_RESETHAND);
    return true;
}

int sig_fd(void)
{
    return pipe_fds[0];
}

unsigned sig_drain(void)
{
    unsigned bits = 0;
    char buf[64];
    ssize_t n;
    while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            switch (buf[i]) {
            case 'h':
                bits |= SIG_F_HUP;
                break;
            case 'w':
                bits |= SIG_F_WINCH;
                break;
            case 'c':
                bits |= SIG_F_CONT;
                break;
            default:
                bits |= SIG_F_QUIT;
                break;
            }
        }
    }
    return bits;
}

void sig_set_restore(const struct termios *t, const char *seq)
{
    have_restore = 0;
    if (!t || !seq)
        return;
    restore_tio = *t;
    restore_len = strlen(seq);
    if (restore_len >= sizeof restore_seq)
        restore_len = sizeof restore_seq - 1;
    memcpy(restore_seq, seq, restore_len);
    have_restore = 1;
}
