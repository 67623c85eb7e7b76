#include "config.h"

#include "src/tabs.h"

const char *const tab_names[VIEW__COUNT + 1] = {
#define SD_TAB_NAME(id, ctx, name, label, model, pane) [id] = name,
    SD_TABS(SD_TAB_NAME)
#undef SD_TAB_NAME
        [VIEW__COUNT] = 0,
};

static const char *const tab_labels[VIEW__COUNT] = {
#define SD_TAB_LABEL(id, ctx, name, label, model, pane) [id] = label,
    SD_TABS(SD_TAB_LABEL)
#undef SD_TAB_LABEL
};

const char *tab_name(enum ViewId v)
{
    return (unsigned)v < VIEW__COUNT ? tab_names[v] : "?";
}

const char *tab_label(enum ViewId v)
{
    return (unsigned)v < VIEW__COUNT ? tab_labels[v] : "?";
}
