#include "config.h"

#include "src/config/builtin.h"
#include "src/util/str.h"

const struct BuiltinFile *builtin_find(const char *kind, const char *name)
{
    if (!kind || !name)
        return NULL;
    for (size_t i = 0; i < builtin_nfiles; i++)
        if (str_eq(builtin_files[i].kind, kind) && str_eq(builtin_files[i].name, name))
            return &builtin_files[i];
    return NULL;
}
