-- salondesk tests: login roles of the test plan (RELIABILITY.md). Idempotent; no passwords
-- (the fixture uses trust authentication). Run as superuser in the target database after the
-- schema (and data) are loaded:  psql -v ON_ERROR_STOP=1 -f tests/integration/sql/roles.sql
--
--   sd_dba      pg_monitor + pg_signal_backend, SELECT on every table
--   sd_support  SELECT on conversations, messages, ai_conversations, ai_messages, templates and
--               on salons without access_token
--   sd_plain    CONNECT only (sees "<insufficient privilege>" in pg_stat_activity)
--   sd_monitor  pg_monitor only: the least-privilege DBA login; no table grants and no schema
--               usage beyond what PUBLIC has
--   whatsapp_app  the platform's own app role (what Prisma logs in as): SELECT, INSERT, UPDATE,
--               DELETE on every table of public, USAGE on its sequences; the pooler test
--               (tests/integration/pooler.sh) writes as it to see that nothing leaked
-- None of them is superuser, owns a table or has BYPASSRLS (T08 asserts this).

\set ON_ERROR_STOP 1
SET client_min_messages = warning;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['sd_dba', 'sd_support', 'sd_plain', 'sd_monitor'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I LOGIN', r);
        END IF;
        EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD NULL', r);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);
    END LOOP;
END
$$;

-- sd_dba ------------------------------------------------------------------------------------
GRANT pg_monitor, pg_signal_backend TO sd_dba;
GRANT USAGE ON SCHEMA public TO sd_dba;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO sd_dba;
-- tables a test creates later as postgres are readable too
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT SELECT ON TABLES TO sd_dba;

-- sd_support --------------------------------------------------------------------------------
GRANT USAGE ON SCHEMA public TO sd_support;
REVOKE ALL ON salons FROM sd_support;   -- a table-level SELECT would include access_token
GRANT SELECT ON conversations, messages, ai_conversations, ai_messages, templates TO sd_support;
DO $$
DECLARE
    cols text;
BEGIN
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute
    WHERE attrelid = 'public.salons'::regclass AND attnum > 0 AND NOT attisdropped
      AND attname <> 'access_token';
    EXECUTE format('GRANT SELECT (%s) ON public.salons TO sd_support', cols);
    -- column grants left over from an earlier run stay harmless, but access_token must not have one
    REVOKE SELECT (access_token) ON public.salons FROM sd_support;
END
$$;

-- sd_plain ----------------------------------------------------------------------------------
-- CONNECT only (granted above). Revoke whatever an earlier run or PUBLIC may have given it.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM sd_plain;

-- whatsapp_app ------------------------------------------------------------------------------
-- The platform's app role, in a block of its own. Not one of the console's roles: it writes.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'whatsapp_app') THEN
        CREATE ROLE whatsapp_app LOGIN;
    END IF;
    ALTER ROLE whatsapp_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD NULL;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO whatsapp_app', current_database());
END
$$;
GRANT USAGE ON SCHEMA public TO whatsapp_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO whatsapp_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO whatsapp_app;

-- sd_monitor --------------------------------------------------------------------------------
-- pg_monitor and CONNECT (granted above), nothing else; undo what an earlier run may have given.
GRANT pg_monitor TO sd_monitor;
REVOKE ALL ON SCHEMA public FROM sd_monitor;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM sd_monitor;
