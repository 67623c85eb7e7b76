/* Detached helper threads. */
#ifndef SD_THREAD_H
#define SD_THREAD_H

#include <stdbool.h>

/* Runs fn(arg) in a detached thread that blocks every signal, so that the program's signal
 * handlers always run on the main thread. False when no thread could be started. */
bool thread_detached(void *(*fn)(void *), void *arg);

#endif
