/* The Salons tab's detail of one salon: its templates, latest webhook errors, masters and
 * services, each fetched when the detail opens (only the parts the deployment has). */
#ifndef SD_SALON_DETAIL_H
#define SD_SALON_DETAIL_H

#include <stdbool.h>

#include "src/model/tabledata.h"
#include "src/queries/queries.h"

struct App;

struct SalonDetail {
    char *salon_id;
    bool present[SALON__PARTS]; /* the deployment has the part and the role may read it */
    struct TableData parts[SALON__PARTS];
};

/* Opens (and fetches) the detail of salon_id. */
void salon_detail_open(struct App *app, const char *salon_id);
void salon_detail_close(struct App *app);
/* The open detail, or NULL. */
const struct SalonDetail *salon_detail_get(const struct App *app);
const char *salon_detail_part_title(enum SalonPart part);
/* Frees the detail's state (at exit). */
void salon_detail_free(struct App *app);

#endif
