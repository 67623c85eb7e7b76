-- salondesk: the PARTITIONED deployment variant of the platform schema, as the database report
-- plans it for month 12 ("Table partitioning for `messages` and `bookings` by date"). Apply on
-- top of schema.sql and schema-v2.sql:
--   psql -v ON_ERROR_STOP=1 -f sql/schema.sql -f sql/schema-v2.sql -f sql/schema-v3.sql
-- bookings and messages become declarative RANGE partitioned tables with one partition per
-- month of their time: bookings by start_ts (the time its index (salon_id, start_ts) and every
-- calendar query use), messages by created_at (the time of (salon_id, created_at)). Months
-- from 6 before to 3 after now (and every month that already holds rows) get a partition; a
-- DEFAULT partition takes the rest. Indexes are created on the parents (so each partition has
-- its own copy), under their old names.
-- What a partitioned table cannot keep, and how it changes:
--   * a primary key or unique index must contain the partition key: bookings_pkey is
--     (id, start_ts), messages_pkey (id, created_at); bookings_booking_code_salon_id_key becomes
--     (booking_code, salon_id, start_ts) and messages_whatsapp_id_key (whatsapp_id, created_at),
--     so the database no longer enforces their uniqueness across months (the application does);
--   * reminders.booking_id loses its foreign key (it would need a unique key on bookings.id
--     alone).
-- Data-preserving: the rows move into the partitions; safe to run on a database holding rows.
-- One transaction: on any error nothing has changed.

BEGIN;

DO $$
BEGIN
    IF to_regclass('masters') IS NULL THEN
        RAISE EXCEPTION 'schema-v3.sql applies on top of schema-v2.sql (no table masters here)';
    END IF;
END $$;

-- Monthly partitions of parent (named parent_yYYYYmMM) covering the months of [lo, hi], plus the
-- DEFAULT partition parent_default.
CREATE FUNCTION pg_temp.sd_month_partitions(parent text, lo timestamp, hi timestamp)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    m timestamp := date_trunc('month', lo);
BEGIN
    WHILE m <= hi LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                       parent || to_char(m, '"_y"YYYY"m"MM'), parent, m, m + interval '1 month');
        m := m + interval '1 month';
    END LOOP;
    EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
END $$;

-- ---------------------------------------------------------------------------------------------
-- bookings, by start_ts
-- ---------------------------------------------------------------------------------------------
ALTER TABLE "reminders" DROP CONSTRAINT IF EXISTS "reminders_booking_id_fkey";
ALTER TABLE "bookings" RENAME TO "bookings_unpartitioned";
CREATE TABLE "bookings" (LIKE "bookings_unpartitioned" INCLUDING DEFAULTS INCLUDING STORAGE
                         INCLUDING COMMENTS) PARTITION BY RANGE ("start_ts");
SELECT pg_temp.sd_month_partitions('bookings',
    least((SELECT min("start_ts") FROM "bookings_unpartitioned"),
          (now() AT TIME ZONE 'UTC') - interval '6 months'),
    greatest((SELECT max("start_ts") FROM "bookings_unpartitioned"),
             (now() AT TIME ZONE 'UTC') + interval '3 months'));
INSERT INTO "bookings" SELECT * FROM "bookings_unpartitioned";
DROP TABLE "bookings_unpartitioned";

ALTER TABLE "bookings" ADD CONSTRAINT "bookings_pkey" PRIMARY KEY ("id", "start_ts");
CREATE INDEX "bookings_salon_id_start_ts_idx" ON "bookings"("salon_id", "start_ts");
CREATE INDEX "bookings_status_idx" ON "bookings"("status");
CREATE INDEX "bookings_customer_phone_idx" ON "bookings"("customer_phone");
CREATE UNIQUE INDEX "bookings_booking_code_salon_id_key" ON "bookings"("booking_code", "salon_id", "start_ts");
CREATE INDEX "bookings_master_id_start_ts_idx" ON "bookings"("master_id", "start_ts");
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_salon_id_fkey" FOREIGN KEY ("salon_id") REFERENCES "salons"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_master_id_fkey" FOREIGN KEY ("master_id") REFERENCES "masters"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- messages, by created_at
-- ---------------------------------------------------------------------------------------------
ALTER TABLE "messages" RENAME TO "messages_unpartitioned";
CREATE TABLE "messages" (LIKE "messages_unpartitioned" INCLUDING DEFAULTS INCLUDING STORAGE
                         INCLUDING COMMENTS) PARTITION BY RANGE ("created_at");
SELECT pg_temp.sd_month_partitions('messages',
    least((SELECT min("created_at") FROM "messages_unpartitioned"),
          (now() AT TIME ZONE 'UTC') - interval '6 months'),
    greatest((SELECT max("created_at") FROM "messages_unpartitioned"),
             (now() AT TIME ZONE 'UTC') + interval '3 months'));
INSERT INTO "messages" SELECT * FROM "messages_unpartitioned";
DROP TABLE "messages_unpartitioned";

ALTER TABLE "messages" ADD CONSTRAINT "messages_pkey" PRIMARY KEY ("id", "created_at");
CREATE UNIQUE INDEX "messages_whatsapp_id_key" ON "messages"("whatsapp_id", "created_at");
CREATE INDEX "messages_salon_id_created_at_idx" ON "messages"("salon_id", "created_at");
CREATE INDEX "messages_phone_number_idx" ON "messages"("phone_number");
CREATE INDEX "messages_conversation_id_idx" ON "messages"("conversation_id");
CREATE INDEX "messages_direction_idx" ON "messages"("direction");
ALTER TABLE "messages" ADD CONSTRAINT "messages_salon_id_fkey" FOREIGN KEY ("salon_id") REFERENCES "salons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
INSERT INTO "_prisma_migrations"
    ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
VALUES
    ('e3a9c7d2-5b1f-4c86-9e0a-6f2d8b4c1a73',
     'c4e1b8a7f2d90e3b6a5c1f8e7d2b4a9c0e6f3d1b8a7c5e2f9d4b0a3c6e1f8d72',
     TIMESTAMPTZ '2026-02-02 08:00:03.118+00', '20260202080000_partition_bookings_messages', NULL, NULL,
     TIMESTAMPTZ '2026-02-02 08:00:01.407+00', 1);

COMMIT;
