/* The SQL of each view, built from the discovered schema: identifiers are quoted, values are
 * parameters, and a column the deployment lacks (or the role may not read) becomes NULL rather
 * than an error. Columns aliased with the suffix "_utc" hold UTC timestamps that the model turns
 * into the display zone. */
#ifndef SD_QUERIES_H
#define SD_QUERIES_H

#include <stdbool.h>
#include <time.h>

#include "src/queries/sqlbuild.h"
#include "src/schema.h"
#include "src/tabs.h"

/* Builds view v's query. When the role cannot use the view, returns false with *why (heap): what
 * it cannot read and the GRANT that would fix it. */
bool queries_build(enum ViewId v, const struct Schema *s, time_t now, struct Query *q, char **why);
/* A second query for view v whose columns fill those of the same names in the first one's rows,
 * matched on the first column (id), when part of the view costs more than the rest (the Salons
 * list's message counts). False when the view has none or the role cannot read it. */
bool queries_build_extra(enum ViewId v, const struct Schema *s, time_t now, struct Query *q);

/* The parts of a salon's detail view (the Salons tab's v). */
enum SalonPart {
    SALON_TEMPLATES,
    SALON_WEBHOOKS, /* the latest webhook errors, payload pretty-printed by the server */
    SALON_MASTERS,
    SALON_SERVICES,
    SALON__PARTS,
};

/* Builds one part's query for salon_id; false when the deployment has no such table or the
 * role may not read it (the part is then left out). */
bool queries_salon_part(enum SalonPart part, const struct Schema *s, const char *salon_id,
                        struct Query *q);

#endif
