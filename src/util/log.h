/* The debug log: off unless --debug-log FILE is given. Never receives a password: callers pass
 * conninfo through dsn_redact() first. */
#ifndef SD_LOG_H
#define SD_LOG_H

#include <stdbool.h>

bool log_open(const char *path, char **err);
void log_close(void);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
