#include "config.h"

#include "src/db/dsn.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "src/util/log.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

/* Query parameters that Prisma understands and libpq would reject. */
static const char *const prisma_only[] = {
    "connection_limit", "pool_timeout", "socket_timeout", "pgbouncer", "statement_cache_size",
    "sslidentity",      "sslpassword",  "sslaccept",      "schema",
};

/* Defaults added where the user set none. connect_timeout also yields to PGCONNECT_TIMEOUT,
 * because an explicit key would hide the environment from libpq. */
static const struct {
    const char *key;
    const char *val;
} defaults[] = {
    {"connect_timeout", "10"},    {"keepalives", "1"},       {"keepalives_idle", "4"},
    {"keepalives_interval", "2"}, {"keepalives_count", "2"},
};

static bool is_uri(const char *s)
{
    return str_starts(s, "postgresql://") || str_starts(s, "postgres://");
}

static size_t uri_prefix_len(const char *s)
{
    return str_starts(s, "postgresql://") ? strlen("postgresql://") : strlen("postgres://");
}

/* Percent-decodes n bytes of s into a heap string; NULL on a bad escape or %00, as libpq. */
static char *pct_decode(const char *s, size_t n)
{
    struct StrBuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%') {
            sb_putc(&sb, s[i]);
            continue;
        }
        int h = i + 1 < n ? str_hexval(s[i + 1]) : -1;
        int l = i + 2 < n ? str_hexval(s[i + 2]) : -1;
        if (h < 0 || l < 0 || (h == 0 && l == 0)) {
            sb_free(&sb);
            return NULL;
        }
        sb_putc(&sb, (char)(h * 16 + l));
        i += 2;
    }
    char *out = sb.s;
    sb.s = NULL;
    return out;
}

static bool is_prisma_only(const char *name)
{
    for (size_t i = 0; i < sizeof prisma_only / sizeof prisma_only[0]; i++)
        if (strcmp(name, prisma_only[i]) == 0)
            return true;
    return false;
}

static void add_note(struct Dsn *d, char *note)
{
    d->notes = xreallocarray(d->notes, d->nnotes + 1, sizeof *d->notes);
    d->notes[d->nnotes++] = note;
}

static void add_kv(struct Dsn *d, const char *key, const char *val)
{
    d->keys = xreallocarray(d->keys, d->n + 2, sizeof *d->keys);
    d->vals = xreallocarray(d->vals, d->n + 2, sizeof *d->vals);
    d->keys[d->n] = xstrdup(key);
    d->vals[d->n] = xstrdup(val);
    d->n++;
    d->keys[d->n] = NULL;
    d->vals[d->n] = NULL;
}

/* Removes Prisma's parameters from a URI's query string, taking `schema` as the search_path.
 * Every other parameter is kept byte for byte. Returns the URI to hand to libpq. */
static char *strip_prisma(const char *uri, struct Dsn *d, char **err)
{
    const char *q = strchr(uri, '?');
    if (!q)
        return xstrdup(uri);
    struct StrBuf sb;
    sb_init(&sb);
    sb_appendn(&sb, uri, (size_t)(q - uri));
    bool first = true;
    const char *p = q + 1;
    while (*p) {
        size_t len = strcspn(p, "&");
        size_t klen = strcspn(p, "=&");
        char *name = pct_decode(p, klen);
        if (name && is_prisma_only(name)) {
            if (strcmp(name, "schema") == 0 && klen < len) {
                char *val = pct_decode(p + klen + 1, len - klen - 1);
                if (!val) {
                    *err = xstrdup("invalid percent-encoded token in the schema parameter");
                    free(name);
                    sb_free(&sb);
                    return NULL;
                }
                free(d->search_path);
                d->search_path = val;
            }
            if (strcmp(name, "sslaccept") == 0 || strcmp(name, "sslidentity") == 0) {
                char *val = klen < len ? pct_decode(p + klen + 1, len - klen - 1) : NULL;
                char **slot =
                    strcmp(name, "sslaccept") == 0 ? &d->prisma_sslaccept : &d->prisma_sslidentity;
                free(*slot);
                *slot = val ? val : xstrdup("");
            }
            if (strcmp(name, "pgbouncer") == 0) {
                /* Prisma then avoids named prepared statements; the console never uses them
                 * and already runs each statement in its own transaction, so what changes is
                 * only what it tells the DBA (see struct Dsn). */
                char *val = klen < len ? pct_decode(p + klen + 1, len - klen - 1) : NULL;
                d->pooler = val && (strcmp(val, "true") == 0 || strcmp(val, "1") == 0);
                add_note(d,
                         xasprintf("Prisma parameter pgbouncer=%s: %s", val ? val : "",
                                   d->pooler ? "a pooler is in front of the server" : "no pooler"));
                free(val);
            } else {
                add_note(d, xasprintf("dropped Prisma parameter %s", name));
            }
        } else if (len > 0) {
            sb_putc(&sb, first ? '?' : '&');
            sb_appendn(&sb, p, len);
            first = false;
        }
        free(name);
        p += len;
        if (*p == '&')
            p++;
    }
    char *out = sb.s;
    sb.s = NULL;
    return out;
}

static void add_warning(struct Dsn *d, char *w)
{
    d->warnings = xreallocarray(d->warnings, d->nwarnings + 1, sizeof *d->warnings);
    d->warnings[d->nwarnings++] = w;
}

static void set_kv(struct Dsn *d, const char *key, const char *val)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->keys[i], key) == 0) {
            free(d->vals[i]);
            d->vals[i] = xstrdup(val);
            return;
        }
    add_kv(d, key, val);
}

/* Prisma's TLS parameters mean something else than libpq's: its sslcert is the server's CA
 * certificate (libpq's sslrootcert; libpq's sslcert is a client certificate, which needs a
 * key), sslaccept=strict verifies the server's certificate, sslaccept=accept_invalid_certs
 * does not, and sslidentity is a PKCS#12 client certificate that libpq cannot read. Whatever
 * would leave the connection less checked than Prisma's is a warning for stderr. */
static void map_prisma_tls(struct Dsn *d)
{
    const char *accept = d->prisma_sslaccept;
    bool check = !accept || strcmp(accept, "accept_invalid_certs") != 0;
    const char *cert = dsn_get(d, "sslcert");
    if (cert && !dsn_get(d, "sslkey") && !dsn_get(d, "sslrootcert") && !check) {
        /* libpq checks the certificate against a root file whenever it has one */
        add_note(
            d, xasprintf("Prisma's sslcert=%s is not used: sslaccept=accept_invalid_certs", cert));
        for (size_t i = 0; i < d->n; i++)
            if (strcmp(d->keys[i], "sslcert") == 0) {
                free(d->keys[i]);
                free(d->vals[i]);
                memmove(&d->keys[i], &d->keys[i + 1], (d->n - i) * sizeof *d->keys);
                memmove(&d->vals[i], &d->vals[i + 1], (d->n - i) * sizeof *d->vals);
                d->n--;
                break;
            }
    } else if (cert && !dsn_get(d, "sslkey") && !dsn_get(d, "sslrootcert")) {
        char *path = xstrdup(cert);
        for (size_t i = 0; i < d->n; i++)
            if (strcmp(d->keys[i], "sslcert") == 0) {
                free(d->keys[i]);
                d->keys[i] = xstrdup("sslrootcert");
            }
        add_note(d, xasprintf("Prisma's sslcert=%s is the server's CA certificate: used as "
                              "sslrootcert",
                              path));
        free(path);
    }
    const char *mode = dsn_get(d, "sslmode");
    if (accept && strcmp(accept, "strict") == 0) {
        if (mode && strcmp(mode, "require") == 0) {
            set_kv(d, "sslmode", "verify-full");
            add_note(d, xstrdup("sslaccept=strict: sslmode=verify-full (the server's certificate "
                                "and name are checked)"));
        } else if (!mode || strcmp(mode, "prefer") == 0 || strcmp(mode, "allow") == 0) {
            add_warning(d, xasprintf("sslaccept=strict with sslmode=%s: the server's "
                                     "certificate is not checked (libpq checks it with "
                                     "sslmode=verify-full)",
                                     mode ? mode : "prefer"));
        }
    } else if (accept && strcmp(accept, "accept_invalid_certs") == 0) {
        if (mode && str_starts(mode, "verify-")) {
            add_warning(d, xasprintf("sslaccept=accept_invalid_certs: sslmode=%s lowered to "
                                     "require, the server's certificate is not checked",
                                     mode));
            set_kv(d, "sslmode", "require");
        } else {
            add_note(d, xstrdup("sslaccept=accept_invalid_certs: the server's certificate is "
                                "not checked"));
        }
    } else if (accept) {
        add_warning(d, xasprintf("sslaccept=%s is not a value Prisma knows (strict or "
                                 "accept_invalid_certs): ignored",
                                 accept));
    }
    if (d->prisma_sslidentity)
        add_warning(d, xasprintf("sslidentity=%s (a PKCS#12 client certificate) is not used: "
                                 "libpq reads PEM files, given as sslcert and sslkey",
                                 d->prisma_sslidentity));
}

static void trim_newline(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

bool dsn_parse(const char *input, struct Dsn *out, char **err)
{
    memset(out, 0, sizeof *out);
    *err = NULL;
    out->keys = xcalloc(1, sizeof *out->keys);
    out->vals = xcalloc(1, sizeof *out->vals);
    if (!input)
        input = "";

    char *conninfo = is_uri(input) ? strip_prisma(input, out, err) : xstrdup(input);
    if (!conninfo)
        goto fail;

    char *errmsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
    free(conninfo);
    if (!opts) {
        *err = xstrdup(errmsg ? errmsg : "out of memory");
        trim_newline(*err);
        PQfreemem(errmsg);
        goto fail;
    }
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        /* an empty value means "not set" to PQconnectStartParams too */
        if (!o->val || !o->val[0] || strcmp(o->keyword, "application_name") == 0)
            continue;
        add_kv(out, o->keyword, o->val);
        if (strcmp(o->keyword, "password") == 0 && o->val[0])
            out->has_password = true;
    }
    PQconninfoFree(opts);
    if (is_uri(input))
        map_prisma_tls(out);

    add_kv(out, "application_name", "salondesk");
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        if (dsn_get(out, defaults[i].key))
            continue;
        const char *val = defaults[i].val;
        if (strcmp(defaults[i].key, "connect_timeout") == 0) {
            const char *env = getenv("PGCONNECT_TIMEOUT");
            if (env && *env)
                val = env;
        }
        add_kv(out, defaults[i].key, val);
    }
    for (size_t i = 0; i < out->nnotes; i++)
        log_msg("dsn: %s", out->notes[i]);
    for (size_t i = 0; i < out->nwarnings; i++)
        log_msg("dsn: warning: %s", out->warnings[i]);
    return true;

fail:
    dsn_free(out);
    return false;
}

void dsn_free(struct Dsn *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->keys[i]);
        free(d->vals[i]);
    }
    free(d->keys);
    free(d->vals);
    for (size_t i = 0; i < d->nnotes; i++)
        free(d->notes[i]);
    free(d->notes);
    for (size_t i = 0; i < d->nwarnings; i++)
        free(d->warnings[i]);
    free(d->warnings);
    free(d->prisma_sslaccept);
    free(d->prisma_sslidentity);
    free(d->search_path);
    memset(d, 0, sizeof *d);
}

const char *dsn_get(const struct Dsn *d, const char *key)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->keys[i], key) == 0)
            return d->vals[i];
    return NULL;
}

/* --- finding passwords in raw input ------------------------------------------------------- */

/* A password value inside the input: [start, end) is replaced by "***" when redacting;
 * nonempty says whether it holds any character. */
struct Span {
    size_t start, end;
    bool nonempty;
};

struct Spans {
    struct Span *v;
    size_t n;
};

static void span_add(struct Spans *s, size_t start, size_t end, bool nonempty)
{
    s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
    s->v[s->n++] = (struct Span){start, end, nonempty};
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* URI: the userinfo password and any `password` query parameter. The userinfo runs to the
 * last '@' before the query string, more cautious than libpq (first '@' before a '/'), so that
 * a password holding an unescaped '@' or '/' is still hidden whole. */
static void scan_uri(const char *s, struct Spans *out)
{
    size_t a = uri_prefix_len(s);
    size_t auth_end = a + strcspn(s + a, "?");
    size_t at = (size_t)-1;
    for (size_t i = a; i < auth_end; i++)
        if (s[i] == '@')
            at = i;
    if (at != (size_t)-1) {
        const char *colon = memchr(s + a, ':', at - a);
        if (colon) {
            size_t start = (size_t)(colon - s) + 1;
            span_add(out, start, at, at > start);
        }
    }
    const char *q = strchr(s + auth_end, '?');
    if (!q)
        return;
    const char *p = q + 1;
    while (*p) {
        size_t len = strcspn(p, "&");
        size_t klen = strcspn(p, "=&");
        char *name = pct_decode(p, klen);
        bool pw = name ? strcmp(name, "password") == 0 : str_starts(p, "password");
        free(name);
        if (pw && klen < len) {
            size_t start = (size_t)(p - s) + klen + 1;
            span_add(out, start, (size_t)(p - s) + len, (size_t)(p - s) + len > start);
        }
        p += len;
        if (*p == '&')
            p++;
    }
}

/* conninfo: key = value pairs as libpq reads them, values bare or single-quoted with
 * backslash escapes. A password value that runs off the end is taken to the end. */
static void scan_conninfo(const char *s, struct Spans *out)
{
    size_t i = 0, n = strlen(s);
    while (i < n) {
        while (i < n && is_space(s[i]))
            i++;
        if (i >= n)
            break;
        size_t kstart = i;
        while (i < n && s[i] != '=' && !is_space(s[i]))
            i++;
        size_t kend = i;
        while (i < n && is_space(s[i]))
            i++;
        if (i >= n || s[i] != '=')
            break; /* libpq rejects this; nothing more can be read reliably */
        i++;
        while (i < n && is_space(s[i]))
            i++;
        bool pw = kend - kstart == 8 && strncmp(s + kstart, "password", 8) == 0;
        size_t vstart = i;
        bool nonempty = false;
        if (i < n && s[i] == '\'') {
            i++;
            while (i < n && s[i] != '\'') {
                if (s[i] == '\\' && i + 1 < n)
                    i++;
                nonempty = true;
                i++;
            }
            if (i < n)
                i++; /* closing quote */
        } else {
            while (i < n && !is_space(s[i])) {
                if (s[i] == '\\' && i + 1 < n)
                    i++;
                nonempty = true;
                i++;
            }
        }
        if (pw)
            span_add(out, vstart, i, nonempty);
    }
}

static void scan_passwords(const char *s, struct Spans *out)
{
    out->v = NULL;
    out->n = 0;
    if (!s)
        return;
    if (is_uri(s))
        scan_uri(s, out);
    else
        scan_conninfo(s, out);
}

char *dsn_redact(const char *input)
{
    if (!input)
        return xstrdup("");
    struct Spans spans;
    scan_passwords(input, &spans);
    struct StrBuf sb;
    sb_init(&sb);
    size_t pos = 0;
    for (size_t i = 0; i < spans.n; i++) {
        sb_appendn(&sb, input + pos, spans.v[i].start - pos);
        sb_append(&sb, "***");
        pos = spans.v[i].end;
    }
    sb_append(&sb, input + pos);
    free(spans.v);
    char *out = sb.s;
    sb.s = NULL;
    return out;
}

bool dsn_has_password(const char *input)
{
    struct Spans spans;
    scan_passwords(input, &spans);
    bool found = false;
    for (size_t i = 0; i < spans.n; i++)
        found = found || spans.v[i].nonempty;
    free(spans.v);
    return found;
}
