/* Schema discovery's SQL: what src/schema.c reads the connected database's shape from. */
#ifndef SD_SCHEMA_SQL_H
#define SD_SCHEMA_SQL_H

/* The two discovery queries: facts of the session (one row) and every column of every table
 * and view in current_schema() with its privileges. */
const char *schema_info_sql(void);
const char *schema_columns_sql(void);

#endif
