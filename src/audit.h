/* The audit log of actions on other sessions: $XDG_STATE_HOME/salondesk/audit.log, one line per
 * action, allowed or refused, appended and never rewritten. Fields are tab-separated and made
 * safe (no control characters, so one action is always one line):
 *   time (UTC, ISO 8601)  os_user  db_user  server  pid  user  database  application  action
 *   outcome  query
 * where pid, user, database and application are the target session's (pg_stat_activity's). */
#ifndef SD_AUDIT_H
#define SD_AUDIT_H

#include <stdbool.h>

struct AuditEntry {
    const char *db_user;
    const char *server;      /* host:port/dbname */
    int pid;                 /* the target session: its pid, */
    const char *target_user; /* user name, */
    const char *target_db;   /* database */
    const char *target_app;  /* and application_name (NULL: empty field) */
    const char *action;      /* "cancel", "terminate" */
    const char *outcome;     /* "ok", or the server's words */
    const char *query;
};

/* Appends e to path (NULL: the default file, its directory created 0700). Returns false with
 * *err (heap) when it could not be written. */
bool audit_append(const char *path, const struct AuditEntry *e, char **err);
/* The OS user running salondesk (login name, else $USER, else the uid). Heap string. */
char *audit_os_user(void);

#endif
