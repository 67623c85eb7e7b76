/* Host names looked up away from the poll loop.
 *
 * libpq resolves a host name with getaddrinfo() inside PQconnectStartParams(), which blocks for
 * as long as the name server takes: seconds, for an unreachable one. So the connection looks the
 * names up first in a thread of their own, and then hands libpq the addresses as `hostaddr`,
 * next to `host`, which stays what the user gave (for TLS name checks, .pgpass and messages).
 * A name with several addresses becomes several entries, tried in order as libpq would. */
#ifndef SD_LOOKUP_H
#define SD_LOOKUP_H

#include <stdbool.h>

struct DbLookup;

/* What libpq is to be given in place of host, hostaddr and port: comma-separated lists, port
 * NULL to keep the caller's. */
struct DbLookupResult {
    char *host, *hostaddr, *port;
};

/* Whether libpq's host list `hosts` (with its port list `ports`, or NULL) has an entry that is a
 * name to look up; socket directories and numeric addresses need none. */
bool db_lookup_needed(const char *hosts, const char *ports);

/* Starts looking up the names in `hosts`; NULL when nothing needs it or no thread could start
 * (libpq then looks them up itself). */
struct DbLookup *db_lookup_start(const char *hosts, const char *ports);

/* A descriptor that becomes readable when the lookup has finished. */
int db_lookup_fd(const struct DbLookup *l);

/* Whether the lookup has finished (call when the descriptor is readable). */
bool db_lookup_finished(struct DbLookup *l);

/* After it finished: the lists for libpq, or false with *err (heap, the resolver's words) when
 * no entry is left to try. Entries whose name was not found are left out, as libpq skips them. */
bool db_lookup_result(const struct DbLookup *l, struct DbLookupResult *out, char **err);
void db_lookup_result_free(struct DbLookupResult *r);

/* Never waits: a lookup still running finishes in its thread, which then frees what is left. */
void db_lookup_free(struct DbLookup **l);

#endif
