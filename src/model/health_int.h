/* Shared between the Health model's files; not for the pane. */
#ifndef SD_MODEL_HEALTH_INT_H
#define SD_MODEL_HEALTH_INT_H

#include <stdio.h>

#include "src/model/health.h"
#include "src/queries/queries.h"

struct HealthModel *health_ensure(struct App *app);
/* Shows the sample m->back in the activity and blocking tables. */
void health_present(struct App *app);
/* Marks the tagged sessions in the presented rows (column tag); with live (the newest sample's
 * sessions), first forgets the tags of sessions that are gone. */
void health_mark_tags(struct HealthModel *m, struct DbRows *rows, const struct DbRows *live);
void health_targets_free(struct HealthModel *m);
int health_batch_state(struct App *app, enum ViewId v);
int health_batch_write(struct App *app, enum ViewId v, FILE *out);

#endif
