#include "config.h"

#include "src/cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "src/db/dsn.h"
#include "src/tabs.h"
#include "src/util/cal.h"
#include "src/util/str.h"
#include "src/util/xalloc.h"

enum {
    OPT_DSN = 0x100,
    OPT_ONCE,
    OPT_FORMAT,
    OPT_REFRESH,
    OPT_THEME,
    OPT_KEYMAP,
    OPT_TZ,
    OPT_SALON,
    OPT_CONFIG,
    OPT_DEBUG_LOG,
    OPT_DEMO,
    OPT_PROFILE,
    OPT_PASSWORD,
    OPT_DATE,
    OPT_VIEW,
    OPT_PHONE,
    OPT_PRINT_PATHS,
};

static const struct option long_opts[] = {
    {"dsn", required_argument, NULL, OPT_DSN},
    {"once", required_argument, NULL, OPT_ONCE},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"refresh", required_argument, NULL, OPT_REFRESH},
    {"theme", required_argument, NULL, OPT_THEME},
    {"keymap", required_argument, NULL, OPT_KEYMAP},
    {"tz", required_argument, NULL, OPT_TZ},
    {"salon", required_argument, NULL, OPT_SALON},
    {"config", required_argument, NULL, OPT_CONFIG},
    {"debug-log", required_argument, NULL, OPT_DEBUG_LOG},
    {"demo", no_argument, NULL, OPT_DEMO},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"password", optional_argument, NULL, OPT_PASSWORD},
    {"date", required_argument, NULL, OPT_DATE},
    {"view", required_argument, NULL, OPT_VIEW},
    {"phone", required_argument, NULL, OPT_PHONE},
    {"print-paths", no_argument, NULL, OPT_PRINT_PATHS},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

const char *cli_usage(void)
{
    return "usage: salondesk [--dsn CONNINFO|URL] [--profile NAME] [--demo] [--refresh SECONDS]\n"
           "                 [--theme NAME] [--keymap NAME] [--tz ZONE] [--salon ID|NAME]\n"
           "                 [--config FILE] [--debug-log FILE] [--print-paths]\n"
           "                 [--once salons|bookings|threads|health [--format text|csv|json]]\n"
           "                 [--date YYYY-MM-DD] [--view day|week|month|agenda] [--phone NUMBER]\n"
           "                 [CONNINFO|URL]";
}

static bool one_of(const char *v, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(v, *set) == 0)
            return true;
    return false;
}

static const char password_help[] =
    "passwords are not accepted on the command line (other users can read it); put it in "
    "~/.pgpass, a service file (PGSERVICEFILE), or the DATABASE_URL environment variable";

int cli_parse(int argc, char **argv, struct Options *o, char **err)
{
    static const char *const formats[] = {"text", "csv", "json", NULL};
    memset(o, 0, sizeof *o);
    o->format = "text";
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":hV", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_DSN:
            o->dsn = optarg;
            o->dsn_given = true;
            break;
        case OPT_ONCE:
            if (!one_of(optarg, tab_names)) {
                *err = xasprintf("--once: unknown pane '%s' (salons, bookings, threads, health)",
                                 optarg);
                return 2;
            }
            o->once = optarg;
            break;
        case OPT_FORMAT:
            if (!one_of(optarg, formats)) {
                *err = xasprintf("--format: expected text, csv or json, not '%s'", optarg);
                return 2;
            }
            o->format = optarg;
            break;
        case OPT_REFRESH: {
            /* Plain decimal seconds only: strtod alone would also take "nan" (which passes
             * every comparison), "inf", "1e400", hex, and leading blanks. */
            char *end = NULL;
            double v = 0;
            bool plain = optarg[0] && strspn(optarg, "0123456789.") == strlen(optarg);
            if (plain)
                v = strtod(optarg, &end);
            if (!plain || *end || !isfinite(v) || v < 0.1 || v > 3600) {
                *err =
                    xasprintf("--refresh: expected seconds between 0.1 and 3600, not '%s'", optarg);
                return 2;
            }
            o->refresh_s = v;
            break;
        }
        case OPT_THEME:
            o->theme = optarg;
            break;
        case OPT_KEYMAP:
            o->keymap = optarg;
            break;
        case OPT_TZ:
            o->tz = optarg;
            break;
        case OPT_SALON:
            o->salon = optarg;
            break;
        case OPT_CONFIG:
            o->config_path = optarg;
            break;
        case OPT_DEBUG_LOG:
            o->debug_log = optarg;
            break;
        case OPT_DATE: {
            /* Checked here, like every option: a date that is none of the forms stops the
             * program instead of showing today. The relative forms parse the same on any day. */
            struct CalDate any = {2026, 1, 1}, d;
            if (!cal_parse(optarg, any, &d)) {
                *err = xasprintf("--date: '%s' is not a date (YYYY-MM-DD, today, tomorrow, +3d, "
                                 "-1w, +1m or mon..sun)",
                                 optarg);
                return 2;
            }
            o->date = optarg;
            break;
        }
        case OPT_VIEW: {
            static const char *const views[] = {"day", "week", "month", "agenda", NULL};
            if (!one_of(optarg, views)) {
                *err = xasprintf("--view: expected day, week, month or agenda, not '%s'", optarg);
                return 2;
            }
            o->view = optarg;
            break;
        }
        case OPT_PHONE:
            o->phone = optarg;
            break;
        case OPT_PRINT_PATHS:
            o->print_paths = true;
            break;
        case OPT_DEMO:
            o->demo = true;
            break;
        case OPT_PROFILE:
            o->profile = optarg;
            break;
        case OPT_PASSWORD:
            *err = xstrdup(password_help);
            return 2;
        case 'h':
            o->help = true;
            break;
        case 'V':
            o->version = true;
            break;
        case ':':
            *err = xasprintf("option %s needs a value", argv[optind - 1]);
            return 2;
        default:
            *err = xasprintf("unknown option '%s'", argv[optind - 1]);
            return 2;
        }
    }
    if (optind < argc) {
        if (o->dsn_given || optind + 1 < argc) {
            *err = xstrdup("give one connection string, either as an argument or with --dsn");
            return 2;
        }
        o->dsn = argv[optind];
        o->dsn_given = true;
    }
    if (o->dsn && dsn_has_password(o->dsn)) {
        *err = xstrdup(password_help);
        return 2;
    }
    if (o->demo && o->dsn_given) {
        *err = xstrdup("--demo starts its own database; do not give a connection string too");
        return 2;
    }
    return 0;
}
