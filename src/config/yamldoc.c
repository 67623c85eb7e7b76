#include "config.h"

#include "src/config/yamldoc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "src/util/str.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

/* More entries than this in one map or list is refused: no config needs it, and it keeps the
 * duplicate-key check cheap on hostile input. */
#define YDOC_MAX_ENTRIES 4096

struct Frame {
    struct YamlNode *node;
    struct YamlNode *pending_key; /* a map's key waiting for its value; owned here */
};

struct Builder {
    const struct YamlDoc *doc;
    struct YamlNode *root;
    struct Frame stack[YDOC_MAX_DEPTH];
    size_t depth;
    int ndocs;
    char *err;
};

static void node_free(struct YamlNode **np)
{
    struct YamlNode *n = *np;
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++) {
        if (n->keys)
            node_free(&n->keys[i]);
        node_free(&n->items[i]);
    }
    free(n->keys);
    free(n->items);
    free(n->str);
    XFREE(*np);
}

static struct YamlNode *node_new(enum YamlKind kind, yaml_mark_t mark)
{
    struct YamlNode *n = xcalloc(1, sizeof *n);
    n->kind = kind;
    n->line = mark.line < INT_MAX ? (int)mark.line + 1 : INT_MAX;
    n->col = mark.column < INT_MAX ? (int)mark.column + 1 : INT_MAX;
    return n;
}

__attribute__((format(printf, 4, 0))) static char *errf_at(const char *origin, int line, int col,
                                                           const char *fmt, va_list ap)
{
    struct StrBuf sb;
    sb_init(&sb);
    sb_appendf(&sb, "%s:%d:%d: ", origin, line, col);
    sb_vappendf(&sb, fmt, ap);
    char *msg = sb_steal(&sb);
    sb_free(&sb); /* sb_steal leaves a fresh empty buffer behind */
    return msg;
}

char *ydoc_errf(const struct YamlDoc *doc, const struct YamlNode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s =
        errf_at(doc && doc->origin ? doc->origin : "?", n ? n->line : 1, n ? n->col : 1, fmt, ap);
    va_end(ap);
    return s;
}

static bool append(struct YamlNode *parent, struct YamlNode *key, struct YamlNode *item)
{
    size_t n = parent->n;
    if (n >= YDOC_MAX_ENTRIES)
        return false;
    if (n == 0 || (n & (n - 1)) == 0) {
        size_t cap = n ? n * 2 : 4;
        parent->items = xreallocarray(parent->items, cap, sizeof *parent->items);
        if (parent->kind == YNODE_MAP)
            parent->keys = xreallocarray(parent->keys, cap, sizeof *parent->keys);
    }
    if (parent->kind == YNODE_MAP)
        parent->keys[n] = key;
    parent->items[n] = item;
    parent->n = n + 1;
    return true;
}

/* Hangs node under the innermost open container (or makes it the root). Takes ownership of
 * node on success only. */
static bool attach(struct Builder *b, struct YamlNode *node)
{
    if (b->depth == 0) {
        b->root = node;
        return true;
    }
    struct Frame *f = &b->stack[b->depth - 1];
    if (f->node->kind == YNODE_SEQ) {
        if (!append(f->node, NULL, node)) {
            b->err = ydoc_errf(b->doc, node, "more than %d entries in one list", YDOC_MAX_ENTRIES);
            return false;
        }
        return true;
    }
    if (!f->pending_key) {
        if (node->kind != YNODE_SCALAR) {
            b->err = ydoc_errf(b->doc, node, "expected a plain key, found %s as a key",
                               ydoc_kind_name(node));
            return false;
        }
        for (size_t i = 0; i < f->node->n; i++) {
            const struct YamlNode *k = f->node->keys[i];
            if (str_eq(k->str, node->str)) {
                b->err = ydoc_errf(b->doc, node, "duplicate key '%s' (first at line %d)", node->str,
                                   k->line);
                return false;
            }
        }
        f->pending_key = node;
        return true;
    }
    if (!append(f->node, f->pending_key, node)) {
        b->err = ydoc_errf(b->doc, node, "more than %d entries in one map", YDOC_MAX_ENTRIES);
        return false;
    }
    f->pending_key = NULL;
    return true;
}

static bool on_event(struct Builder *b, const yaml_event_t *ev)
{
    struct YamlNode *node = NULL;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->ndocs > 1) {
            struct YamlNode at = {.line = (int)ev->start_mark.line + 1,
                                  .col = (int)ev->start_mark.column + 1};
            b->err = ydoc_errf(b->doc, &at, "expected a single YAML document, found another");
            return false;
        }
        return true;
    case YAML_ALIAS_EVENT: {
        struct YamlNode at = {.line = (int)ev->start_mark.line + 1,
                              .col = (int)ev->start_mark.column + 1};
        b->err = ydoc_errf(b->doc, &at, "aliases (*name) are not supported; repeat the value");
        return false;
    }
    case YAML_SCALAR_EVENT: {
        const char *v = (const char *)ev->data.scalar.value;
        size_t len = ev->data.scalar.length;
        node = node_new(YNODE_SCALAR, ev->start_mark);
        if (memchr(v, '\0', len)) {
            b->err = ydoc_errf(b->doc, node, "a NUL character is not allowed in a string");
            node_free(&node);
            return false;
        }
        node->str = xstrndup(v, len);
        node->len = len;
        node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        node =
            node_new(ev->type == YAML_MAPPING_START_EVENT ? YNODE_MAP : YNODE_SEQ, ev->start_mark);
        if (b->depth >= YDOC_MAX_DEPTH) {
            b->err = ydoc_errf(b->doc, node, "nested deeper than %d levels", YDOC_MAX_DEPTH);
            node_free(&node);
            return false;
        }
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0) {
            b->depth--;
            node_free(&b->stack[b->depth].pending_key); /* cannot happen with libyaml */
        }
        return true;
    default:
        return true;
    }
    if (!attach(b, node)) {
        node_free(&node);
        return false;
    }
    if (node->kind != YNODE_SCALAR) {
        b->stack[b->depth].node = node;
        b->stack[b->depth].pending_key = NULL;
        b->depth++;
    }
    return true;
}

/* Line and column (in characters) of a byte offset, for reader errors that have no mark. */
static void offset_pos(const char *s, size_t len, size_t off, int *line, int *col)
{
    size_t i = 0;
    *line = 1;
    *col = 1;
    if (!s)
        return;
    if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
        i = 3; /* a byte order mark takes no column */
    for (; i < off && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n') {
            if (*line < INT_MAX)
                ++*line;
            *col = 1;
        } else if ((c & 0xC0) != 0x80 && *col < INT_MAX) {
            ++*col;
        }
    }
}

static char *parser_error(const yaml_parser_t *p, const char *origin, const char *yaml, size_t len)
{
    struct StrBuf sb;
    sb_init(&sb);
    const char *problem = p->problem ? p->problem : "invalid YAML";
    switch (p->error) {
    case YAML_MEMORY_ERROR:
        sb_appendf(&sb, "%s: out of memory while parsing", origin);
        break;
    case YAML_READER_ERROR: {
        int line, col;
        offset_pos(yaml, len, p->problem_offset, &line, &col);
        sb_appendf(&sb, "%s:%d:%d: %s", origin, line, col, problem);
        if (p->problem_value != -1)
            sb_appendf(&sb, " (byte 0x%02X)", (unsigned)p->problem_value & 0xFFu);
        break;
    }
    default:
        sb_appendf(&sb, "%s:%d:%d: %s", origin, (int)p->problem_mark.line + 1,
                   (int)p->problem_mark.column + 1, problem);
        if (p->context)
            sb_appendf(&sb, " (%s at line %d, column %d)", p->context,
                       (int)p->context_mark.line + 1, (int)p->context_mark.column + 1);
        break;
    }
    char *msg = sb_steal(&sb);
    sb_free(&sb);
    return msg;
}

bool ydoc_parse(const char *yaml, size_t len, const char *origin, struct YamlDoc **out, char **err)
{
    bool ok = false;
    bool parser_ready = false;
    yaml_parser_t parser;
    struct YamlDoc *doc = xcalloc(1, sizeof *doc);
    struct Builder b;

    memset(&b, 0, sizeof b);
    *out = NULL;
    doc->origin = text_safe(origin ? origin : "?", (size_t)-1, 0); /* a name from argv, too */
    b.doc = doc;
    if (!yaml_parser_initialize(&parser)) {
        *err = xasprintf("%s: cannot initialise the YAML parser", doc->origin);
        goto out;
    }
    parser_ready = true;
    yaml_parser_set_input_string(&parser, (const unsigned char *)(yaml ? yaml : ""),
                                 yaml ? len : 0);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            *err = parser_error(&parser, doc->origin, yaml, len);
            goto out;
        }
        bool done = ev.type == YAML_STREAM_END_EVENT;
        bool good = on_event(&b, &ev);
        yaml_event_delete(&ev);
        if (!good) {
            *err = b.err;
            b.err = NULL;
            goto out;
        }
        if (done)
            break;
    }
    /* "---" alone or "~": a document with nothing in it. */
    if (!ydoc_is_null(b.root)) {
        doc->root = b.root;
        b.root = NULL;
    }
    *out = doc;
    doc = NULL;
    ok = true;
out:
    for (size_t i = 0; i < b.depth; i++)
        node_free(&b.stack[i].pending_key);
    node_free(&b.root);
    if (parser_ready)
        yaml_parser_delete(&parser);
    ydoc_free(&doc);
    return ok;
}

void ydoc_free(struct YamlDoc **docp)
{
    struct YamlDoc *doc = *docp;
    if (!doc)
        return;
    node_free(&doc->root);
    free(doc->origin);
    XFREE(*docp);
}

static const char *file_kind(mode_t m)
{
    return S_ISFIFO(m)                ? "a FIFO"
           : S_ISSOCK(m)              ? "a socket"
           : S_ISCHR(m) || S_ISBLK(m) ? "a device"
                                      : "a special file";
}

bool ydoc_read_file(const char *path, char **data, size_t *len, bool *missing, char **err)
{
    bool ok = false;
    struct StrBuf sb;
    struct stat st;
    /* O_NONBLOCK: opening a FIFO that nobody writes would block here, before fstat could say what
     * it is; a regular file then reads as usual. The name may come from the command line, so
     * every message shows it through text_safe(). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    char *name = text_safe(path, (size_t)-1, 0);

    sb_init(&sb);
    *data = NULL;
    *len = 0;
    if (missing)
        *missing = false;
    if (fd < 0) {
        if (missing && errno == ENOENT)
            *missing = true;
        *err = xasprintf("%s: cannot open: %s", name, strerror(errno));
        goto out;
    }
    if (fstat(fd, &st) != 0) {
        *err = xasprintf("%s: cannot stat: %s", name, strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        *err = xasprintf("%s: is a directory, expected a YAML file", name);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        *err = xasprintf("%s: not a regular file (%s), expected a YAML file", name,
                         file_kind(st.st_mode));
        goto out;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        *err = xasprintf("%s: cannot read: %s", name, strerror(errno));
        goto out;
    }
    for (;;) {
        char buf[8192];
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *err = xasprintf("%s: cannot read: %s", name, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        if (sb.len + (size_t)n > YDOC_MAX_FILE) {
            *err =
                xasprintf("%s: larger than %d bytes; is this the right file?", name, YDOC_MAX_FILE);
            goto out;
        }
        sb_appendn(&sb, buf, (size_t)n);
    }
    *len = sb.len;
    *data = sb_steal(&sb);
    ok = true;
out:
    if (fd >= 0)
        close(fd);
    free(name);
    sb_free(&sb);
    return ok;
}

const struct YamlNode *ydoc_map_get(const struct YamlNode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (str_eq(map->keys[i]->str, key))
            return map->items[i];
    return NULL;
}

bool ydoc_is_null(const struct YamlNode *n)
{
    return !n || (n->kind == YNODE_SCALAR && n->plain &&
                  (n->len == 0 || str_eq(n->str, "~") || str_eq(n->str, "null") ||
                   str_eq(n->str, "Null") || str_eq(n->str, "NULL")));
}

const char *ydoc_kind_name(const struct YamlNode *n)
{
    if (!n)
        return "nothing";
    switch (n->kind) {
    case YNODE_MAP:
        return "a map";
    case YNODE_SEQ:
        return "a list";
    case YNODE_SCALAR:
        break;
    }
    return ydoc_is_null(n) ? "an empty value" : "a string";
}

bool ydoc_expect(const struct YamlDoc *doc, const struct YamlNode *n, enum YamlKind k,
                 const char *what, char **err)
{
    if (n && n->kind == k && !(k == YNODE_SCALAR && ydoc_is_null(n)))
        return true;
    *err = ydoc_errf(doc, n, "expected %s, found %s", what, ydoc_kind_name(n));
    return false;
}

bool ydoc_to_str(const struct YamlDoc *doc, const struct YamlNode *n, const char *what,
                 const char **out, char **err)
{
    if (!ydoc_expect(doc, n, YNODE_SCALAR, what, err))
        return false;
    *out = n->str;
    return true;
}

bool ydoc_to_int(const struct YamlDoc *doc, const struct YamlNode *n, long min, long max, long *out,
                 char **err)
{
    if (!ydoc_expect(doc, n, YNODE_SCALAR, "a whole number", err))
        return false;
    char *end = NULL;
    errno = 0;
    long v = strtol(n->str, &end, 10);
    if (end == n->str || *end != '\0' || errno == ERANGE || v < min || v > max) {
        *err = ydoc_errf(doc, n, "expected a whole number from %ld to %ld, found '%.40s'", min, max,
                         n->str);
        return false;
    }
    *out = v;
    return true;
}

bool ydoc_to_bool(const struct YamlDoc *doc, const struct YamlNode *n, bool *out, char **err)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
                                      "YES",  "on",   "On",   "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                     "NO",    "off",   "Off",   "OFF"};
    if (n && n->kind == YNODE_SCALAR) {
        for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
            if (str_eq(n->str, yes[i])) {
                *out = true;
                return true;
            }
            if (str_eq(n->str, no[i])) {
                *out = false;
                return true;
            }
        }
    }
    if (n && n->kind == YNODE_SCALAR && !ydoc_is_null(n))
        *err = ydoc_errf(doc, n, "expected true or false, found '%.40s'", n->str);
    else
        *err = ydoc_errf(doc, n, "expected true or false, found %s", ydoc_kind_name(n));
    return false;
}

bool ydoc_to_double(const struct YamlDoc *doc, const struct YamlNode *n, double min, double max,
                    double *out, char **err)
{
    if (!ydoc_expect(doc, n, YNODE_SCALAR, "a number", err))
        return false;
    char *end = NULL;
    errno = 0;
    double v = strtod(n->str, &end);
    if (end == n->str || *end != '\0' || errno == ERANGE || !isfinite(v) || v < min || v > max) {
        *err =
            ydoc_errf(doc, n, "expected a number from %g to %g, found '%.40s'", min, max, n->str);
        return false;
    }
    *out = v;
    return true;
}
