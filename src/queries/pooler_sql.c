#include "config.h"

#include "src/queries/pooler_sql.h"

static const struct {
    const char *sql, *name;
} shows[POOLER__COUNT] = {
    [POOLER_VERSION] = {"SHOW VERSION;", "pooler_version"},
    [POOLER_CONFIG] = {"SHOW CONFIG;", "pooler_config"},
    [POOLER_DATABASES] = {"SHOW DATABASES;", "pooler_databases"},
    [POOLER_POOLS] = {"SHOW POOLS;", "pooler_pools"},
};

const char *pooler_sql(enum PoolerShow what)
{
    return what < POOLER__COUNT ? shows[what].sql : "";
}

const char *pooler_sql_name(enum PoolerShow what)
{
    return what < POOLER__COUNT ? shows[what].name : "pooler";
}
