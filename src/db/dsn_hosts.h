/* A libpq multi-host connection string (host=a,b port=5432,5433, or postgresql://a:1,b:2/db)
 * names several servers; the fleet watches each of them on a connection of its own. */
#ifndef SD_DSN_HOSTS_H
#define SD_DSN_HOSTS_H

#include <stddef.h>

#include "src/db/dsn.h"

/* How many servers d names: the items of host (or hostaddr), at least 1. */
size_t dsn_host_count(const struct Dsn *d);
/* A copy of src for its i-th server only: host, hostaddr and port hold their i-th item (a single
 * port applies to every host). Notes and warnings are not copied. */
void dsn_host_copy(const struct Dsn *src, size_t i, struct Dsn *dst);
/* A copy of src (every host), without its notes and warnings. */
void dsn_copy(const struct Dsn *src, struct Dsn *dst);
/* "host:port" of a single-host d, for people (heap); the socket directory or "localhost" stands
 * for the host when none is set, 5432 for the port. */
char *dsn_host_label(const struct Dsn *d);
/* True when a and b reach the same server and database as the same user. */
bool dsn_same_server(const struct Dsn *a, const struct Dsn *b);

#endif
