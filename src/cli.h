/* Command-line options. */
#ifndef SD_CLI_H
#define SD_CLI_H

#include <stdbool.h>

struct Options {
    const char *dsn;     /* positional argument or --dsn */
    bool dsn_given;      /* --dsn "" counts as given: use libpq's environment */
    const char *profile; /* --profile */
    const char *once;    /* --once PANE */
    const char *format;  /* text | csv | json */
    double refresh_s;    /* --refresh; 0 = from config */
    const char *theme;
    const char *keymap;
    const char *tz;
    const char *salon; /* --salon ID|NAME */
    const char *date;  /* --date YYYY-MM-DD (Bookings) */
    const char *view;  /* --view day|week|month|agenda (Bookings) */
    const char *phone; /* --phone NUMBER (Threads) */
    const char *config_path;
    const char *debug_log;
    bool demo;
    bool print_paths;
    bool help;
    bool version;
};

/* Fills o from argv. Returns 0, or 2 with *err set (heap) for a usage error; *err quotes argv
 * as given, so the caller shows it through text_safe(). */
int cli_parse(int argc, char **argv, struct Options *o, char **err);
const char *cli_usage(void);

#endif
