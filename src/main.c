/* salondesk: a terminal console for the booking platform's PostgreSQL database. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/app.h"
#include "src/batch.h"
#include "src/cli.h"
#include "src/frontend.h"
#include "src/paths.h"
#include "src/util/log.h"
#include "src/util/text.h"
#include "src/util/xalloc.h"

/* --demo: run this same program under the fixture, which starts a private PostgreSQL with the
 * demo data, exports PGHOST and friends, and removes everything when we exit. */
static int run_demo(int argc, char **argv)
{
    const char *data = paths_data_dir();
    char *fixture = xasprintf("%s/pgfixture", data);
    if (access(fixture, X_OK) != 0) {
        free(fixture);
        fixture = xasprintf("%s/tests/fixture/pgfixture", data);
    }
    if (access(fixture, X_OK) != 0) {
        fprintf(stderr, "salondesk: --demo needs %s/pgfixture (is salondesk installed?)\n", data);
        return 1;
    }
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        fprintf(stderr, "salondesk: cannot find my own executable: %s\n", strerror(errno));
        return 1;
    }
    self[n] = '\0';
    char **args = xcalloc((size_t)argc + 8, sizeof *args);
    int k = 0;
    args[k++] = fixture;
    args[k++] = "run";
    args[k++] = "--size";
    args[k++] = "small";
    args[k++] = "--";
    args[k++] = self;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--demo") != 0)
            args[k++] = argv[i];
    args[k] = NULL;
    setenv("SALONDESK_DEMO_CHILD", "1", 1);
    fprintf(stderr, "salondesk: starting the demo database (a private PostgreSQL; it is removed "
                    "when you quit)...\n");
    execv(fixture, args);
    fprintf(stderr, "salondesk: cannot run %s: %s\n", fixture, strerror(errno));
    return 1;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    text_init();

    struct Options opt;
    char *err = NULL;
    if (cli_parse(argc, argv, &opt, &err) != 0) {
        /* The message quotes argv as given: an escape sequence in it is shown, not sent. */
        char *safe = text_safe(err, (size_t)-1, 0);
        fprintf(stderr, "salondesk: %s\n%s\n", safe, cli_usage());
        free(safe);
        free(err);
        return 2;
    }
    if (opt.help) {
        printf("%s\n\nSee salondesk(1) for keys, configuration and examples.\n", cli_usage());
        return 0;
    }
    if (opt.version) {
#ifdef SD_TEST_HOOKS
        printf("salondesk %s (test hooks)\n", PACKAGE_VERSION); /* the tests look for this */
#else
        printf("salondesk %s\n", PACKAGE_VERSION);
#endif
        return 0;
    }
    if (opt.print_paths) {
        paths_print(stdout, opt.config_path);
        return 0;
    }
    if (opt.demo)
        return run_demo(argc, argv);
    if (opt.debug_log && !log_open(opt.debug_log, &err)) {
        char *safe = text_safe(err, (size_t)-1, 0);
        fprintf(stderr, "salondesk: --debug-log: %s\n", safe);
        free(safe);
        free(err);
        return 2;
    }

    struct App app;
    int rc = app_init(&app, &opt);
    if (rc == 0)
        rc = opt.once ? batch_run(&app, stdout) : app_run(&app, &curses_frontend);
    app_done(&app);
    log_close();
    return rc;
}
