#include "config.h"

#include "src/db/lookup.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "src/util/str.h"
#include "src/util/thread.h"
#include "src/util/xalloc.h"

struct Entry {
    char *host;
    char *port;   /* this entry's port when the port list has one per host, else NULL */
    bool name;    /* a name to look up (not a socket directory or a numeric address) */
    char **addrs; /* the numeric addresses it has, NULL-terminated (set by the thread) */
    char *error;  /* why it has none (set by the thread) */
};

struct DbLookup {
    pthread_mutex_t mu;
    int refs;   /* the thread's and the caller's: the last one frees */
    int fds[2]; /* the thread writes a byte to fds[1] when it is done */
    bool done;
    bool ports_listed; /* one port per host */
    size_t n;
    struct Entry *e;
};

/* libpq's lists are split at every comma, with no quoting. */
static char **split(const char *list, size_t *n)
{
    size_t k = 1;
    for (const char *p = list; *p; p++)
        k += *p == ',';
    char **v = xcalloc(k + 1, sizeof *v);
    const char *start = list;
    for (size_t i = 0; i < k; i++) {
        const char *end = strchr(start, ',');
        size_t len = end ? (size_t)(end - start) : strlen(start);
        v[i] = xstrndup(start, len);
        start += len + 1;
    }
    *n = k;
    return v;
}

static void free_list(char **v)
{
    if (!v)
        return;
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

static bool is_name(const char *h)
{
    if (!h[0] || h[0] == '/' || h[0] == '@') /* the default, or a socket directory */
        return false;
    unsigned char buf[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, h, buf) != 1 && inet_pton(AF_INET6, h, buf) != 1;
}

/* The port list fits the host list: none, one for all, or one each. */
static bool ports_fit(size_t nhosts, const char *ports, bool *listed)
{
    *listed = false;
    if (!ports || !strchr(ports, ','))
        return true;
    size_t np;
    char **p = split(ports, &np);
    free_list(p);
    *listed = np == nhosts;
    return *listed;
}

bool db_lookup_needed(const char *hosts, const char *ports)
{
    if (!hosts)
        return false;
    size_t n;
    char **h = split(hosts, &n);
    bool any = false, listed;
    for (size_t i = 0; i < n; i++)
        any = any || is_name(h[i]);
    free_list(h);
    return any && ports_fit(n, ports, &listed);
}

static void destroy(struct DbLookup *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->e[i].host);
        free(l->e[i].port);
        free_list(l->e[i].addrs);
        free(l->e[i].error);
    }
    free(l->e);
    close(l->fds[0]);
    close(l->fds[1]);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

static void release(struct DbLookup *l)
{
    pthread_mutex_lock(&l->mu);
    bool last = --l->refs == 0;
    pthread_mutex_unlock(&l->mu);
    if (last)
        destroy(l);
}

static void resolve(struct Entry *e)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC; /* as libpq asks */
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(e->host, NULL, &hints, &res);
    if (rc != 0) {
        char buf[128];
        e->error =
            xstrdup(rc == EAI_SYSTEM ? strerror_r(errno, buf, sizeof buf) : gai_strerror(rc));
        return;
    }
    size_t n = 0;
    for (const struct addrinfo *ai = res; ai; ai = ai->ai_next)
        n++;
    e->addrs = xcalloc(n + 1, sizeof *e->addrs);
    size_t k = 0;
    for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        char buf[NI_MAXHOST];
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, sizeof buf, NULL, 0, NI_NUMERICHOST))
            continue;
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = strcmp(e->addrs[j], buf) == 0;
        if (!seen)
            e->addrs[k++] = xstrdup(buf);
    }
    freeaddrinfo(res);
    if (k == 0) {
        XFREE(e->addrs);
        e->error = xstrdup("no usable address");
    }
}

static void *run(void *arg)
{
    struct DbLookup *l = arg;
    for (size_t i = 0; i < l->n; i++)
        if (l->e[i].name)
            resolve(&l->e[i]);
    pthread_mutex_lock(&l->mu);
    l->done = true;
    pthread_mutex_unlock(&l->mu);
    ssize_t w;
    do
        w = write(l->fds[1], "", 1);
    while (w < 0 && errno == EINTR);
    release(l);
    return NULL;
}

struct DbLookup *db_lookup_start(const char *hosts, const char *ports)
{
    if (!db_lookup_needed(hosts, ports))
        return NULL;
    struct DbLookup *l = xcalloc(1, sizeof *l);
    if (pipe2(l->fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        free(l);
        return NULL;
    }
    pthread_mutex_init(&l->mu, NULL);
    char **h = split(hosts, &l->n);
    size_t np = 0;
    char **p = NULL;
    ports_fit(l->n, ports, &l->ports_listed);
    if (l->ports_listed)
        p = split(ports, &np);
    l->e = xcalloc(l->n, sizeof *l->e);
    for (size_t i = 0; i < l->n; i++) {
        l->e[i].host = h[i];
        l->e[i].name = is_name(h[i]);
        l->e[i].port = p ? xstrdup(p[i]) : NULL;
    }
    free(h);
    free_list(p);
    l->refs = 2;
    if (!thread_detached(run, l)) {
        l->refs = 1;
        release(l);
        return NULL;
    }
    return l;
}

int db_lookup_fd(const struct DbLookup *l)
{
    return l->fds[0];
}

bool db_lookup_finished(struct DbLookup *l)
{
    char buf[8];
    while (read(l->fds[0], buf, sizeof buf) > 0)
        ;
    pthread_mutex_lock(&l->mu);
    bool done = l->done;
    pthread_mutex_unlock(&l->mu);
    return done;
}

/* Element k of a list (elements may be empty, so the count decides the commas). */
static void put(struct StrBuf *sb, size_t k, const char *v)
{
    if (k > 0)
        sb_putc(sb, ',');
    sb_append(sb, v);
}

bool db_lookup_result(const struct DbLookup *l, struct DbLookupResult *out, char **err)
{
    memset(out, 0, sizeof *out);
    *err = NULL;
    struct StrBuf host, addr, port;
    sb_init(&host);
    sb_init(&addr);
    sb_init(&port);
    size_t kept = 0;
    const struct Entry *failed = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const struct Entry *e = &l->e[i];
        if (e->name && !e->addrs) {
            if (!failed)
                failed = e;
            continue;
        }
        /* a socket directory or numeric address once, a name once per address */
        for (size_t j = 0; !e->name || e->addrs[j]; j++) {
            put(&host, kept, e->host);
            put(&addr, kept, e->name ? e->addrs[j] : "");
            put(&port, kept, e->port ? e->port : "");
            kept++;
            if (!e->name)
                break;
        }
    }
    if (kept == 0) {
        *err = xasprintf("could not translate host name \"%s\" to address: %s",
                         failed ? failed->host : "", failed ? failed->error : "no entry");
        sb_free(&host);
        sb_free(&addr);
        sb_free(&port);
        return false;
    }
    out->host = sb_steal(&host);
    out->hostaddr = sb_steal(&addr);
    out->port = l->ports_listed ? sb_steal(&port) : NULL;
    sb_free(&host);
    sb_free(&addr);
    sb_free(&port);
    return true;
}

void db_lookup_result_free(struct DbLookupResult *r)
{
    free(r->host);
    free(r->hostaddr);
    free(r->port);
    memset(r, 0, sizeof *r);
}

void db_lookup_free(struct DbLookup **l)
{
    if (!l || !*l)
        return;
    release(*l);
    *l = NULL;
}
