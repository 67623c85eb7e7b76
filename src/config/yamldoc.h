/* A small YAML-to-tree loader on libyaml: scalars, maps and sequences with the 1-based
 * line:column where each node starts, so every config error can say where it is.
 *
 * It never crashes on any input: aliases are refused (no "billion laughs"), nesting is capped
 * at YDOC_MAX_DEPTH, scalars holding a NUL byte are refused, only one document is allowed and
 * map keys must be unique scalars. An empty document (empty file, only comments) has a NULL
 * root. */
#ifndef SD_YAMLDOC_H
#define SD_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>

#define YDOC_MAX_DEPTH 64
/* Files larger than this are refused before parsing. */
#define YDOC_MAX_FILE (1024 * 1024)

enum YamlKind {
    YNODE_SCALAR,
    YNODE_MAP,
    YNODE_SEQ,
};

struct YamlNode {
    enum YamlKind kind;
    int line; /* 1-based */
    int col;  /* 1-based, in characters */
    /* YNODE_SCALAR: NUL-terminated text (never holds a NUL byte) */
    char *str;
    size_t len;
    bool plain; /* unquoted scalar: "", "~" and "null" mean no value */
    /* YNODE_MAP: keys[i] (always scalars) -> items[i]; YNODE_SEQ: items[i] */
    struct YamlNode **keys;
    struct YamlNode **items;
    size_t n;
};

struct YamlDoc {
    char *origin;          /* as given, for messages */
    struct YamlNode *root; /* NULL for an empty document */
};

/* Parses len bytes of yaml. On failure returns false, *out stays NULL and *err (heap) reads
 * "origin:line:column: problem". */
bool ydoc_parse(const char *yaml, size_t len, const char *origin, struct YamlDoc **out, char **err);
/* Reads a whole file (at most YDOC_MAX_FILE bytes) into a NUL-terminated heap buffer.
 * *err is "path: reason". Sets *missing (when not NULL) if the file does not exist. */
bool ydoc_read_file(const char *path, char **data, size_t *len, bool *missing, char **err);
void ydoc_free(struct YamlDoc **doc);

/* "origin:line:column: message" for node n (line 1, column 1 when n is NULL). Heap string. */
char *ydoc_errf(const struct YamlDoc *doc, const struct YamlNode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The value for key in map, or NULL (also when map is not a map). */
const struct YamlNode *ydoc_map_get(const struct YamlNode *map, const char *key);
/* A plain null scalar: empty, "~", "null". */
bool ydoc_is_null(const struct YamlNode *n);
/* "a map", "a list", "a string", "an empty value" or "nothing", for messages. */
const char *ydoc_kind_name(const struct YamlNode *n);

/* Checks n is of kind k; else *err says "expected WHAT, found a map" and false. */
bool ydoc_expect(const struct YamlDoc *doc, const struct YamlNode *n, enum YamlKind k,
                 const char *what, char **err);
/* Scalar conversions; on failure *err says what was expected at n's position. */
bool ydoc_to_int(const struct YamlDoc *doc, const struct YamlNode *n, long min, long max, long *out,
                 char **err);
bool ydoc_to_bool(const struct YamlDoc *doc, const struct YamlNode *n, bool *out, char **err);
bool ydoc_to_double(const struct YamlDoc *doc, const struct YamlNode *n, double min, double max,
                    double *out, char **err);
/* A non-null scalar string (a copy is not made). */
bool ydoc_to_str(const struct YamlDoc *doc, const struct YamlNode *n, const char *what,
                 const char **out, char **err);

#endif
