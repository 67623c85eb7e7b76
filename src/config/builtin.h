/* The shipped keymaps and themes, compiled into the binary so it runs without installed data.
 * builtin_files[] lives in the generated builtin_data.c (tools/embed.sh); the YAML files in
 * keymaps/ and themes/ stay the single source. */
#ifndef SD_BUILTIN_H
#define SD_BUILTIN_H

#include <stddef.h>

struct BuiltinFile {
    const char *kind; /* the directory: "keymaps" or "themes" */
    const char *name; /* the file name without .yaml: "default", "dark" */
    const char *data; /* the bytes, NUL-terminated */
    size_t len;       /* without the NUL */
};

extern const struct BuiltinFile builtin_files[];
extern const size_t builtin_nfiles;

/* The built-in file kind/name, or NULL. */
const struct BuiltinFile *builtin_find(const char *kind, const char *name);

#endif
