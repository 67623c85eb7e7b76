#include "config.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first */
#include <cmocka.h>

#include "src/db/dsn.h"
#include "src/db/lookup.h"
#include "src/util/str.h"

/* --- dsn_parse ------------------------------------------------------------------------------ */

struct kv {
    const char *key;
    const char *val; /* NULL: the key must be absent */
};

struct parse_case {
    const char *name;
    const char *input;
    struct kv expect[12];    /* terminated by key NULL */
    const char *search_path; /* expected, or NULL */
    const char *notes[10];   /* expected notes in order, NULL-terminated */
    bool has_password;
};

static const struct parse_case parse_cases[] = {
    {"null", NULL, {{"host", NULL}, {"dbname", NULL}, {"password", NULL}}, NULL, {NULL}, false},
    {"empty", "", {{"host", NULL}, {"user", NULL}}, NULL, {NULL}, false},
    {"prisma url",
     "postgresql://app:p%40ss@db:5432/whatsapp_saas?schema=public&connection_limit=5&pool_timeout="
     "10&sslmode=require",
     {{"user", "app"},
      {"password", "p@ss"},
      {"host", "db"},
      {"port", "5432"},
      {"dbname", "whatsapp_saas"},
      {"sslmode", "require"},
      {"schema", NULL},
      {"connection_limit", NULL},
      {"pool_timeout", NULL}},
     "public",
     {"dropped Prisma parameter schema", "dropped Prisma parameter connection_limit",
      "dropped Prisma parameter pool_timeout", NULL},
     true},
    {"prisma pgbouncer and friends",
     "postgres://u@h/d?pgbouncer=true&statement_cache_size=0&socket_timeout=3&sslaccept=strict&"
     "sslidentity=x.p12&sslpassword=pw&application_name=other",
     {{"user", "u"}, {"host", "h"}, {"dbname", "d"}, {"sslpassword", NULL}},
     NULL,
     {"Prisma parameter pgbouncer=true: a pooler is in front of the server",
      "dropped Prisma parameter statement_cache_size", "dropped Prisma parameter socket_timeout",
      "dropped Prisma parameter sslaccept", "dropped Prisma parameter sslidentity",
      "dropped Prisma parameter sslpassword", NULL},
     false},
    {"prisma tls: sslcert is the CA, strict checks it",
     "postgresql://u@h/d?sslmode=require&sslcert=ca.pem&sslaccept=strict",
     {{"sslrootcert", "ca.pem"}, {"sslcert", NULL}, {"sslmode", "verify-full"}},
     NULL,
     {"dropped Prisma parameter sslaccept",
      "Prisma's sslcert=ca.pem is the server's CA certificate: used as sslrootcert",
      "sslaccept=strict: sslmode=verify-full (the server's certificate and name are checked)",
      NULL},
     false},
    {"prisma tls: accept_invalid_certs leaves the CA out",
     "postgresql://u@h/d?sslmode=require&sslcert=ca.pem&sslaccept=accept_invalid_certs",
     {{"sslrootcert", NULL}, {"sslcert", NULL}, {"sslmode", "require"}},
     NULL,
     {"dropped Prisma parameter sslaccept",
      "Prisma's sslcert=ca.pem is not used: sslaccept=accept_invalid_certs",
      "sslaccept=accept_invalid_certs: the server's certificate is not checked", NULL},
     false},
    {"libpq client certificate with its key",
     "postgresql://u@h/d?sslmode=verify-ca&sslcert=me.crt&sslkey=me.key",
     {{"sslcert", "me.crt"}, {"sslkey", "me.key"}, {"sslrootcert", NULL}, {"sslmode", "verify-ca"}},
     NULL,
     {NULL},
     false},
    {"percent-encoded schema and names",
     "postgresql://h/d?sche%6Da=my%20schema&ssl%6Dode=disable",
     {{"sslmode", "disable"}, {"dbname", "d"}},
     "my schema",
     {"dropped Prisma parameter schema", NULL},
     false},
    {"ipv6 host",
     "postgresql://[::1]:5433/db",
     {{"host", "::1"}, {"port", "5433"}, {"dbname", "db"}},
     NULL,
     {NULL},
     false},
    {"ipv6 with zone-less full address",
     "postgresql://user@[2001:db8::7]/db?connect_timeout=4",
     {{"host", "2001:db8::7"}, {"user", "user"}, {"connect_timeout", "4"}},
     NULL,
     {NULL},
     false},
    {"multiple hosts",
     "postgresql://h1:5432,h2:5433/db",
     {{"host", "h1,h2"}, {"port", "5432,5433"}, {"dbname", "db"}},
     NULL,
     {NULL},
     false},
    {"conninfo",
     "host=localhost port=5432 dbname=salon user=ops",
     {{"host", "localhost"}, {"port", "5432"}, {"dbname", "salon"}, {"user", "ops"}},
     NULL,
     {NULL},
     false},
    {"conninfo quoted password",
     "host=x password='a b\\'c' dbname = 'my db'",
     {{"password", "a b'c"}, {"dbname", "my db"}, {"host", "x"}},
     NULL,
     {NULL},
     true},
    {"application_name forced",
     "host=x application_name=evil",
     {{"application_name", "salondesk"}},
     NULL,
     {NULL},
     false},
    {"application_name forced in uri",
     "postgresql://h/d?application_name=evil",
     {{"application_name", "salondesk"}},
     NULL,
     {NULL},
     false},
    {"defaults added",
     "host=x",
     {{"connect_timeout", "10"},
      {"keepalives", "1"},
      {"keepalives_idle", "4"},
      {"keepalives_interval", "2"},
      {"keepalives_count", "2"},
      {"application_name", "salondesk"}},
     NULL,
     {NULL},
     false},
    {"defaults kept when set",
     "host=x connect_timeout=3 keepalives=0 keepalives_idle=60 keepalives_interval=7 "
     "keepalives_count=9",
     {{"connect_timeout", "3"},
      {"keepalives", "0"},
      {"keepalives_idle", "60"},
      {"keepalives_interval", "7"},
      {"keepalives_count", "9"}},
     NULL,
     {NULL},
     false},
    {"defaults kept when set in uri",
     "postgresql://h/d?keepalives_idle=2&connect_timeout=1",
     {{"connect_timeout", "1"}, {"keepalives_idle", "2"}, {"keepalives_count", "2"}},
     NULL,
     {NULL},
     false},
    {"empty value is unset",
     "host=x connect_timeout=",
     {{"connect_timeout", "10"}},
     NULL,
     {NULL},
     false},
    {"empty password", "host=x password=''", {{"password", NULL}}, NULL, {NULL}, false},
};

static void check_parse(const struct parse_case *tc)
{
    struct Dsn d;
    char *err = NULL;
    if (!dsn_parse(tc->input, &d, &err))
        fail_msg("%s: unexpected error %s", tc->name, err);
    assert_null(err);
    for (const struct kv *kv = tc->expect; kv->key; kv++) {
        const char *got = dsn_get(&d, kv->key);
        if (kv->val == NULL && got != NULL)
            fail_msg("%s: %s should be absent, is %s", tc->name, kv->key, got);
        if (kv->val && (!got || strcmp(got, kv->val) != 0))
            fail_msg("%s: %s is %s, want %s", tc->name, kv->key, got ? got : "(absent)", kv->val);
    }
    assert_string_equal(dsn_get(&d, "application_name"), "salondesk");
    if (!str_eq(d.search_path, tc->search_path))
        fail_msg("%s: search_path %s", tc->name, d.search_path ? d.search_path : "(null)");
    size_t nn = 0;
    while (tc->notes[nn])
        nn++;
    if (nn != d.nnotes)
        fail_msg("%s: %zu notes, want %zu", tc->name, d.nnotes, nn);
    for (size_t i = 0; i < nn; i++)
        assert_string_equal(d.notes[i], tc->notes[i]);
    if (d.has_password != tc->has_password)
        fail_msg("%s: has_password %d", tc->name, d.has_password);
    /* arrays are NULL-terminated and hold n entries, every one with a value */
    assert_null(d.keys[d.n]);
    assert_null(d.vals[d.n]);
    for (size_t i = 0; i < d.n; i++) {
        assert_non_null(d.keys[i]);
        assert_non_null(d.vals[i]);
        for (size_t j = i + 1; j < d.n; j++)
            assert_string_not_equal(d.keys[i], d.keys[j]);
    }
    dsn_free(&d);
    assert_null(d.keys);
}

static void test_parse_table(void **state)
{
    (void)state;
    unsetenv("PGCONNECT_TIMEOUT");
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++)
        check_parse(&parse_cases[i]);
}

static void test_parse_env_connect_timeout(void **state)
{
    (void)state;
    setenv("PGCONNECT_TIMEOUT", "7", 1);
    struct Dsn d;
    char *err = NULL;
    assert_true(dsn_parse("host=x", &d, &err));
    assert_string_equal(dsn_get(&d, "connect_timeout"), "7");
    dsn_free(&d);
    assert_true(dsn_parse("host=x connect_timeout=4", &d, &err));
    assert_string_equal(dsn_get(&d, "connect_timeout"), "4");
    dsn_free(&d);
    unsetenv("PGCONNECT_TIMEOUT");
}

struct bad_case {
    const char *input;
    const char *err_contains;
};

static const struct bad_case bad_cases[] = {
    {"host=x bogus=1", "invalid connection option \"bogus\""},
    {"postgresql://h/d?bogus=1", "invalid URI query parameter: \"bogus\""},
    {"dbname='unterminated", "unterminated quoted string"},
    {"postgresql://h/d?sslmode=%zz", "invalid percent-encoded token"},
    {"postgresql://h/d?schema=%zz", "invalid percent-encoded token"},
    {"host", "missing \"=\""},
    {"postgresql://[::1/db", "matching \"]\" in IPv6 host address"},
};

/* pgbouncer=true marks the pooler (what Prisma's DATABASE_URL says); any other value, or none,
 * does not; a conninfo string has no such parameter. */
static void test_parse_pooler(void **state)
{
    (void)state;
    static const struct {
        const char *input;
        bool pooler;
    } cases[] = {
        {"postgresql://u@h:6432/d?schema=public&pgbouncer=true", true},
        {"postgresql://u@h:6432/d?pgbouncer=1", true},
        {"postgresql://u@h/d?pgbouncer=false", false},
        {"postgresql://u@h/d?pgbouncer=", false},
        {"postgresql://u@h/d?pgbouncer", false},
        {"postgresql://u@h/d?schema=public", false},
        {"host=h port=6432 dbname=d", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct Dsn d;
        char *err = NULL;
        if (!dsn_parse(cases[i].input, &d, &err))
            fail_msg("%s: %s", cases[i].input, err);
        if (d.pooler != cases[i].pooler)
            fail_msg("%s: pooler %d, want %d", cases[i].input, d.pooler, cases[i].pooler);
        assert_null(dsn_get(&d, "pgbouncer"));
        dsn_free(&d);
    }
}

static void test_parse_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        struct Dsn d;
        char *err = NULL;
        if (dsn_parse(bad_cases[i].input, &d, &err))
            fail_msg("%s: parsed", bad_cases[i].input);
        assert_non_null(err);
        if (!strstr(err, bad_cases[i].err_contains))
            fail_msg("%s: error %s", bad_cases[i].input, err);
        assert_null(strchr(err, '\n'));
        assert_null(d.keys);
        free(err);
        dsn_free(&d); /* harmless after a failure */
    }
}

/* --- dsn_redact / dsn_has_password ---------------------------------------------------------- */

struct redact_case {
    const char *input;
    const char *want;
    bool has_password;
};

static const struct redact_case redact_cases[] = {
    {"postgresql://app:s3cret@db:5432/x", "postgresql://app:***@db:5432/x", true},
    {"postgres://app:p%40ss@db/x?schema=public", "postgres://app:***@db/x?schema=public", true},
    {"postgresql://app@db/x", "postgresql://app@db/x", false},
    {"postgresql://app:@db/x", "postgresql://app:***@db/x", false},
    {"postgresql://db/x", "postgresql://db/x", false},
    {"postgresql://db:5432/x", "postgresql://db:5432/x", false},
    {"postgresql://u:p@ss/w@rd@db/x", "postgresql://u:***@db/x", true},
    {"postgresql://u@h/x?password=hunter2&sslmode=require",
     "postgresql://u@h/x?password=***&sslmode=require", true},
    {"postgresql://u@h/x?sslmode=require&pass%77ord=hunter2",
     "postgresql://u@h/x?sslmode=require&pass%77ord=***", true},
    {"postgresql://u:a@h1,h2/x?password=b", "postgresql://u:***@h1,h2/x?password=***", true},
    {"host=h password=hunter2 dbname=x", "host=h password=*** dbname=x", true},
    {"host=h password='two words\\' q' dbname=x", "host=h password=*** dbname=x", true},
    {"host=h password = 'x'", "host=h password = ***", true},
    {"password=esc\\ aped user=u", "password=*** user=u", true},
    {"host=h password='unterminated secret", "host=h password=***", true},
    {"host=h password=''", "host=h password=***", false},
    {"host=h passwordx=1", "host=h passwordx=1", false},
    {"host=h dbname=password", "host=h dbname=password", false},
    {"host=h", "host=h", false},
    {"", "", false},
};

static void test_redact_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof redact_cases / sizeof redact_cases[0]; i++) {
        const struct redact_case *tc = &redact_cases[i];
        char *got = dsn_redact(tc->input);
        if (strcmp(got, tc->want) != 0)
            fail_msg("redact %s: got %s want %s", tc->input, got, tc->want);
        free(got);
        if (dsn_has_password(tc->input) != tc->has_password)
            fail_msg("has_password %s: %d", tc->input, !tc->has_password);
    }
    char *got = dsn_redact(NULL);
    assert_string_equal(got, "");
    free(got);
    assert_false(dsn_has_password(NULL));
}

/* The redacted form of every parse case still parses to the same non-password keys. */
static void test_redact_keeps_meaning(void **state)
{
    (void)state;
    const char *inputs[] = {
        "postgresql://app:p%40ss@db:5432/whatsapp_saas?sslmode=require",
        "host=x password='a b\\'c' dbname = 'my db'",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char *red = dsn_redact(inputs[i]);
        struct Dsn a, b;
        char *err = NULL;
        assert_true(dsn_parse(inputs[i], &a, &err));
        assert_true(dsn_parse(red, &b, &err));
        assert_string_equal(dsn_get(&b, "password"), "***");
        assert_string_equal(dsn_get(&a, "dbname"), dsn_get(&b, "dbname"));
        assert_string_equal(dsn_get(&a, "host"), dsn_get(&b, "host"));
        assert_null(strstr(red, "p%40ss"));
        assert_null(strstr(red, "a b"));
        dsn_free(&a);
        dsn_free(&b);
        free(red);
    }
}

/* --- host names looked up before libpq (lookup.c) ------------------------------------------- */

static void test_lookup_needed(void **state)
{
    (void)state;
    assert_false(db_lookup_needed(NULL, NULL));
    assert_false(db_lookup_needed("", NULL));
    assert_false(db_lookup_needed("/var/run/postgresql", "5432"));
    assert_false(db_lookup_needed("@abstract", NULL));
    assert_false(db_lookup_needed("127.0.0.1,::1,/tmp", NULL));
    assert_true(db_lookup_needed("db.example.com", NULL));
    assert_true(db_lookup_needed("/tmp,db.example.com", "5432"));
    assert_true(db_lookup_needed("a.example,b.example", "5432,5433"));
    /* two ports for three hosts: libpq's own error is left to libpq */
    assert_false(db_lookup_needed("a.example,b.example,c", "5432,5433"));
    assert_null(db_lookup_start("/tmp", NULL));
}

/* Counts the elements of a comma-separated list. */
static int count(const char *list)
{
    int n = 1;
    for (; *list; list++)
        n += *list == ',';
    return n;
}

/* localhost comes from /etc/hosts, so this needs no name server. A socket directory and a numeric
 * address keep their places with an empty hostaddr; the name has one entry per address, each
 * with the name as host and its own port. */
static void test_lookup_lists(void **state)
{
    (void)state;
    struct DbLookup *l = db_lookup_start("/tmp,localhost,10.1.2.3", "5001,5002,5003");
    assert_non_null(l);
    struct pollfd pfd = {.fd = db_lookup_fd(l), .events = POLLIN};
    while (!db_lookup_finished(l))
        assert_true(poll(&pfd, 1, 10000) == 1);
    struct DbLookupResult r;
    char *err = NULL;
    assert_true(db_lookup_result(l, &r, &err));
    assert_null(err);
    db_lookup_free(&l);
    assert_null(l);
    int n = count(r.host);
    assert_true(n >= 3);
    assert_int_equal(count(r.hostaddr), n);
    assert_non_null(r.port);
    assert_int_equal(count(r.port), n);
    assert_true(strncmp(r.host, "/tmp,localhost,", 15) == 0);
    assert_true(strncmp(r.hostaddr, ",", 1) == 0);
    assert_true(strncmp(r.port, "5001,5002,", 10) == 0);
    size_t hl = strlen(r.host), al = strlen(r.hostaddr), pl = strlen(r.port);
    assert_string_equal(r.host + hl - 9, ",10.1.2.3");
    assert_true(al > 1 && r.hostaddr[al - 1] == ','); /* the numeric entry: no hostaddr */
    assert_string_equal(r.port + pl - 5, ",5003");
    assert_true(strstr(r.hostaddr, "127.0.0.1") || strstr(r.hostaddr, "::1"));
    db_lookup_result_free(&r);

    /* One port for all: the port list is left as it was. */
    l = db_lookup_start("localhost", "6000");
    assert_non_null(l);
    pfd.fd = db_lookup_fd(l);
    while (!db_lookup_finished(l))
        assert_true(poll(&pfd, 1, 10000) == 1);
    assert_true(db_lookup_result(l, &r, &err));
    assert_null(r.port);
    assert_true(strncmp(r.host, "localhost", 9) == 0);
    db_lookup_result_free(&r);
    db_lookup_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),   cmocka_unit_test(test_parse_env_connect_timeout),
        cmocka_unit_test(test_parse_pooler),  cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_redact_table),  cmocka_unit_test(test_redact_keeps_meaning),
        cmocka_unit_test(test_lookup_needed), cmocka_unit_test(test_lookup_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
