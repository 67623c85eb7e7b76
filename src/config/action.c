#include "config.h"

#include "src/config/action.h"

#include <stddef.h>

#include "src/util/str.h"

struct ActionInfo {
    const char *name;
    const char *help;
};

static const struct ActionInfo actions[ACT__COUNT] = {[ACT_NONE] = {"none", "Do nothing"},
#define SD_ACTION_INFO(e, n, h) [ACT_##e] = {n, h},
                                                      SD_ACTIONS(SD_ACTION_INFO)
#undef SD_ACTION_INFO
};

const char *action_name(enum Action a)
{
    if ((int)a < 0 || a >= ACT__COUNT)
        return "none";
    return actions[a].name;
}

const char *action_help(enum Action a)
{
    if ((int)a < 0 || a >= ACT__COUNT)
        return "";
    return actions[a].help;
}

enum Action action_from_name(const char *name)
{
    if (!name)
        return ACT_NONE;
    for (int i = ACT_NONE + 1; i < ACT__COUNT; i++)
        if (str_eq(actions[i].name, name))
            return (enum Action)i;
    return ACT_NONE;
}
