/* A profile's `servers:` list: every server of a deployment (a primary and its standbys), each a
 * connection string or URI, which the Health tab's fleet strip watches at once. */
#ifndef SD_CONFIG_SERVERS_H
#define SD_CONFIG_SERVERS_H

#include <stddef.h>

#include "src/config/yamldoc.h"

/* Reads a list of connection strings; a string libpq cannot parse is reported at its line.
 * false with *err on anything else than a non-empty list of strings. */
bool config_load_servers(const struct YamlDoc *doc, const struct YamlNode *n, char ***out,
                         size_t *nout, char **err);
/* read: primary | standby. */
bool config_load_read(const struct YamlDoc *doc, const struct YamlNode *n, bool *standby,
                      char **err);
char **config_servers_clone(char *const *servers, size_t n);

#endif
