-- salondesk: database roles for the three kinds of console user, and row-level security that
-- ties each salon's staff login to its own salon.
--
--   psql -v ON_ERROR_STOP=1 -d whatsapp_saas -f sql/roles.sql        (as the tables' owner or a
--                                                                      superuser; CREATEROLE too)
--   SELECT salondesk_add_staff('maria', '<salon id>');                 -- a login for one salon
--   ALTER ROLE maria PASSWORD '...';                                   -- the administrator's part
--   GRANT salondesk_dba TO alice;  GRANT salondesk_support TO bob;     -- the other two kinds
--
-- Roles (group roles, NOLOGIN; logins are members):
--   salondesk_dba      pg_monitor; reads every table (salons without access_token)
--   salondesk_support  reads salons (not access_token), conversations and messages
--   salondesk_staff    reads bookings (and masters, services, its salon's id, name and
--                      is_active) of the salon its login is mapped to, and nothing else.
--                      Threads are not part of a staff login: messages and conversations have
--                      no per-salon policy, and the console says so instead of advising a GRANT.
--   salondesk_planner  the role `e` (show plan) plans another session's query text as: it can
--                      read what salondesk_dba reads and nothing more, cannot log in, is a
--                      member of no role and runs read-only. The planner evaluates immutable
--                      functions while planning; as this role they cannot use the privileges
--                      of the console's login (a superuser's COPY ... TO PROGRAM, say).
--                      salondesk_dba is a member, so DBA logins may SET ROLE to it; a console
--                      without it explains only its own role's queries.
--
-- The mapping table salondesk.staff_salon is keyed on the login's name and the policies compare
-- it with current_user, which a session cannot change without being granted another role (SET
-- ROLE) or being superuser. A policy keyed on a setting such as current_setting('app.salon_id')
-- would be bypassed by a plain SET; there is none here. Every other role keeps exactly the
-- access its grants give it: a permissive policy lets through whoever is not staff.
--
-- Works on the original schema and on the newer one (masters, services, text statuses): it
-- looks the tables up in the current schema (the search_path's first; Prisma's ?schema=).
-- Running it again is harmless.

\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['salondesk_dba', 'salondesk_support', 'salondesk_staff'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
        EXECUTE format('ALTER ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), r);
        -- the console only reads: make that the default for members' sessions as well
        EXECUTE format('ALTER ROLE %I SET default_transaction_read_only = on', r);
    END LOOP;
END
$$;

GRANT pg_monitor TO salondesk_dba;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'salondesk_planner') THEN
        CREATE ROLE salondesk_planner NOLOGIN;
    END IF;
    ALTER ROLE salondesk_planner NOLOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE
        NOREPLICATION NOBYPASSRLS;
    ALTER ROLE salondesk_planner SET default_transaction_read_only = on;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO salondesk_planner', current_database());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO salondesk_planner', current_schema());
END
$$;
-- Every membership the planner has would widen what a plan's functions may use.
DO $$
DECLARE
    g text;
BEGIN
    FOR g IN SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
             JOIN pg_roles p ON p.oid = m.member WHERE p.rolname = 'salondesk_planner' LOOP
        EXECUTE format('REVOKE %I FROM salondesk_planner', g);
    END LOOP;
END
$$;
GRANT salondesk_planner TO salondesk_dba;

-- The mapping: one salon per staff login.
CREATE SCHEMA IF NOT EXISTS salondesk;
REVOKE ALL ON SCHEMA salondesk FROM PUBLIC;
GRANT USAGE ON SCHEMA salondesk TO salondesk_staff;
CREATE TABLE IF NOT EXISTS salondesk.staff_salon (
    login name PRIMARY KEY,
    salon_id text NOT NULL
);
REVOKE ALL ON salondesk.staff_salon FROM PUBLIC;
GRANT SELECT ON salondesk.staff_salon TO salondesk_staff;
ALTER TABLE salondesk.staff_salon ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_row ON salondesk.staff_salon;
CREATE POLICY own_row ON salondesk.staff_salon FOR SELECT TO salondesk_staff
    USING (login = current_user);

DO $$
DECLARE
    sch text := current_schema();
    t text;
    cols text;
    salon_col text;
BEGIN
    IF to_regclass(format('%I.bookings', sch)) IS NULL OR to_regclass(format('%I.salons', sch)) IS NULL THEN
        RAISE EXCEPTION 'roles.sql: no tables bookings and salons in schema %', sch;
    END IF;

    -- salondesk_dba and salondesk_planner: every table; salons without access_token.
    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = sch AND c.relkind IN ('r', 'v', 'p', 'm') AND c.relname <> 'salons' LOOP
        EXECUTE format('GRANT SELECT ON %I.%I TO salondesk_dba, salondesk_planner', sch, t);
    END LOOP;
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute
    WHERE attrelid = format('%I.salons', sch)::regclass AND attnum > 0 AND NOT attisdropped
      AND attname <> 'access_token';
    EXECUTE format('REVOKE ALL ON %I.salons FROM salondesk_dba, salondesk_support, salondesk_staff, '
                   'salondesk_planner', sch);
    EXECUTE format('GRANT SELECT (%s) ON %I.salons TO salondesk_dba, salondesk_support, salondesk_planner',
                   cols, sch);
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols
    FROM pg_attribute
    WHERE attrelid = format('%I.salons', sch)::regclass AND attnum > 0 AND NOT attisdropped
      AND attname IN ('id', 'name', 'is_active');
    EXECUTE format('GRANT SELECT (%s) ON %I.salons TO salondesk_staff', cols, sch);

    -- salondesk_support: conversations and messages.
    FOREACH t IN ARRAY ARRAY['conversations', 'messages'] LOOP
        IF to_regclass(format('%I.%I', sch, t)) IS NOT NULL THEN
            EXECUTE format('GRANT SELECT ON %I.%I TO salondesk_support', sch, t);
        END IF;
    END LOOP;

    -- salondesk_staff: its salon's rows of bookings, masters and services; its salon.
    FOREACH t IN ARRAY ARRAY['salons', 'bookings', 'masters', 'services'] LOOP
        IF to_regclass(format('%I.%I', sch, t)) IS NULL THEN
            CONTINUE;
        END IF;
        salon_col := CASE t WHEN 'salons' THEN 'id' ELSE 'salon_id' END;
        IF t <> 'salons' THEN
            EXECUTE format('GRANT SELECT ON %I.%I TO salondesk_staff', sch, t);
        END IF;
        EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', sch, t);
        EXECUTE format('DROP POLICY IF EXISTS salondesk_staff_own ON %I.%I', sch, t);
        EXECUTE format('CREATE POLICY salondesk_staff_own ON %I.%I FOR SELECT TO salondesk_staff '
                       'USING (%I IN (SELECT m.salon_id FROM salondesk.staff_salon m '
                       'WHERE m.login = current_user))', sch, t, salon_col);
        -- Everyone else keeps what their grants give them (the table owner is not subject to
        -- row-level security at all).
        EXECUTE format('DROP POLICY IF EXISTS salondesk_not_staff ON %I.%I', sch, t);
        EXECUTE format('CREATE POLICY salondesk_not_staff ON %I.%I FOR ALL TO PUBLIC '
                       'USING ((SELECT NOT pg_has_role(current_user, ''salondesk_staff'', ''MEMBER''))) '
                       'WITH CHECK ((SELECT NOT pg_has_role(current_user, ''salondesk_staff'', ''MEMBER'')))',
                       sch, t);
    END LOOP;
END
$$;

-- SELECT salondesk_add_staff('login', 'salon id'): creates the login (no password: the
-- administrator sets one, or uses peer/cert authentication) and maps it to the salon. Calling
-- it again moves the login to the salon given.
DO $do$
BEGIN
    -- The platform's schema is written into the function: it runs with a fixed search_path.
    EXECUTE format($f$
CREATE OR REPLACE FUNCTION %1$I.salondesk_add_staff(login name, salon text)
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM %1$I.salons s WHERE s.id = salon) THEN
        RAISE EXCEPTION 'salondesk_add_staff: no salon with id %%', salon;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        EXECUTE format('CREATE ROLE %%I LOGIN', login);
    ELSIF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login AND (rolsuper OR rolbypassrls)) THEN
        RAISE EXCEPTION 'salondesk_add_staff: role %% is superuser or bypasses row-level security', login;
    END IF;
    IF NOT pg_has_role(login, 'salondesk_staff', 'MEMBER') THEN
        EXECUTE format('GRANT salondesk_staff TO %%I', login);
    END IF;
    EXECUTE format('ALTER ROLE %%I INHERIT', login);
    EXECUTE format('ALTER ROLE %%I SET default_transaction_read_only = on', login);
    INSERT INTO salondesk.staff_salon AS m (login, salon_id) VALUES (login, salon)
        ON CONFLICT ON CONSTRAINT staff_salon_pkey DO UPDATE SET salon_id = EXCLUDED.salon_id;
    RETURN format('%%s sees the bookings of salon %%s', login, salon);
END
$fn$;
REVOKE ALL ON FUNCTION %1$I.salondesk_add_staff(name, text) FROM PUBLIC;
$f$, current_schema());
END
$do$;

COMMIT;
