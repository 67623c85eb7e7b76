#include "config.h"

#include "src/queries/schema_sql.h"

const char *schema_info_sql(void)
{
    return "SELECT current_user, current_database(), current_schema(),"
           " current_setting('server_version'), current_setting('server_version_num')::int,"
           " r.rolsuper, r.rolsuper OR pg_has_role(current_user, 'pg_monitor', 'MEMBER'),"
           " r.rolbypassrls,"
           /* the planner role: usable, and safe only when it can do nothing but read */
           " COALESCE((SELECT NOT p.rolsuper AND NOT p.rolcanlogin AND NOT p.rolbypassrls"
           "  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members a WHERE a.member = p.oid)"
           "  AND pg_catalog.pg_has_role(current_user, p.oid, 'MEMBER')"
           "  FROM pg_catalog.pg_roles p WHERE p.rolname = 'salondesk_planner'), false)"
           " FROM pg_catalog.pg_roles r WHERE r.rolname = current_user";
}

const char *schema_columns_sql(void)
{
    return "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
           " t.typtype = 'e', pg_catalog.has_table_privilege(c.oid, 'SELECT'),"
           " pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT'),"
           /* row-level security applies to this role (the owner is exempt unless forced) */
           " c.relrowsecurity AND (c.relforcerowsecurity"
           "  OR NOT pg_catalog.pg_has_role(c.relowner, 'USAGE'))"
           " FROM pg_catalog.pg_class c"
           " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
           " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
           "  AND NOT a.attisdropped"
           " JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
           " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
           " ORDER BY c.relname, a.attnum";
}
