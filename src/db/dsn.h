/* Turning what the user gave into libpq connection parameters.
 *
 * Accepts a conninfo string ("host=... dbname=..."), a postgres:// or postgresql:// URI, or a
 * Prisma DATABASE_URL, whose extra query parameters libpq would reject: `schema=` becomes the
 * search_path, Prisma-only parameters are dropped (each one noted for the log), and everything
 * else is passed through unchanged. NULL or "" means libpq's own environment defaults. */
#ifndef SD_DSN_H
#define SD_DSN_H

#include <stdbool.h>
#include <stddef.h>

struct Dsn {
    /* NULL-terminated arrays for PQconnectStartParams(keys, vals, expand_dbname=0). Always
     * hold application_name=salondesk, and keepalive and connect_timeout defaults where the
     * user set none. */
    char **keys;
    char **vals;
    size_t n;
    char *search_path; /* from ?schema=, or NULL */
    char **notes;      /* human-readable notes for the log, e.g. dropped parameters */
    size_t nnotes;
    bool has_password; /* the input carried a password */
    /* pgbouncer=true: a transaction pooler stands between the console and the server, so a
     * backend listed in Health is a pooled server connection that serves many clients in turn;
     * cancel and terminate say so before they act. */
    bool pooler;
    /* What would leave the connection less checked than the URL asked for (Prisma's TLS
     * parameters libpq cannot honour): shown on stderr and in the status line, not only logged. */
    char **warnings;
    size_t nwarnings;
    char *prisma_sslaccept, *prisma_sslidentity; /* as given, or NULL */
};

/* Returns false with *err (heap) on a string libpq cannot parse. */
bool dsn_parse(const char *input, struct Dsn *out, char **err);
void dsn_free(struct Dsn *d);
/* The value for key, or NULL. */
const char *dsn_get(const struct Dsn *d, const char *key);
/* A copy of a conninfo string or URI with any password replaced by "***", for logs. */
char *dsn_redact(const char *input);
/* True when a conninfo string or URI holds a password. */
bool dsn_has_password(const char *input);

#endif
