/* Where salondesk reads and writes: XDG config and state directories, and the data directory
 * holding the shipped keymaps, themes, SQL and the demo fixture. */
#ifndef SD_PATHS_H
#define SD_PATHS_H

#include <stdbool.h>
#include <stdio.h>

/* $XDG_CONFIG_HOME/salondesk (default ~/.config/salondesk); heap string. */
char *paths_config_dir(void);
/* $XDG_STATE_HOME/salondesk (default ~/.local/state/salondesk); heap string. */
char *paths_state_dir(void);
/* The state file `name` under the state dir, creating the dir (0700) when create is set. */
char *paths_state_file(const char *name, bool create);
/* The installed data directory, or $SALONDESK_DATADIR (a source tree works too). */
const char *paths_data_dir(void);
/* The first existing file among: the user's config dir, the data dir; for kind "themes" or
 * "keymaps" and name "dark" that is .../themes/dark.yaml. NULL when none exists. */
char *paths_find_data(const char *kind, const char *name);

/* Lists every file salondesk reads and writes, for --print-paths. */
void paths_print(FILE *out, const char *config_path);

#endif
