-- salondesk: the NEWER deployment variant of the platform schema. Apply on top of schema.sql:
--   psql -v ON_ERROR_STOP=1 -f sql/schema.sql -f sql/schema-v2.sql
-- Differences a console must cope with:
--   * every status column is plain TEXT (the BookingStatus/MessageStatus/TemplateStatus/
--     ConversationStatus enums are gone), so values outside the old enums appear
--     (e.g. bookings.status 'RESCHEDULED', 'PENDING_PAYMENT'); direction and message_type stay
--     enums;
--   * new tables masters, services, reminders, users;
--   * bookings gain end_ts, master_id (-> masters) and service_id (-> services).
-- Data-preserving: safe to run on a database that already holds rows.

-- ---------------------------------------------------------------------------------------------
-- prisma/migrations/20251118141500_text_status_masters_services/migration.sql
-- (generated, then edited by hand so that status values are converted instead of dropped)
-- ---------------------------------------------------------------------------------------------

-- AlterTable
ALTER TABLE "bookings" ALTER COLUMN "status" DROP DEFAULT,
ALTER COLUMN "status" SET DATA TYPE TEXT USING "status"::TEXT,
ALTER COLUMN "status" SET DEFAULT 'CONFIRMED',
ADD COLUMN "end_ts" TIMESTAMP(3),
ADD COLUMN "master_id" TEXT,
ADD COLUMN "service_id" TEXT;

-- AlterTable
ALTER TABLE "messages" ALTER COLUMN "status" DROP DEFAULT,
ALTER COLUMN "status" SET DATA TYPE TEXT USING "status"::TEXT,
ALTER COLUMN "status" SET DEFAULT 'SENT';

-- AlterTable
ALTER TABLE "templates" ALTER COLUMN "status" DROP DEFAULT,
ALTER COLUMN "status" SET DATA TYPE TEXT USING "status"::TEXT,
ALTER COLUMN "status" SET DEFAULT 'PENDING';

-- AlterTable
ALTER TABLE "conversations" ALTER COLUMN "status" DROP DEFAULT,
ALTER COLUMN "status" SET DATA TYPE TEXT USING "status"::TEXT,
ALTER COLUMN "status" SET DEFAULT 'ACTIVE';

-- DropEnum
DROP TYPE "BookingStatus";

-- DropEnum
DROP TYPE "MessageStatus";

-- DropEnum
DROP TYPE "TemplateStatus";

-- DropEnum
DROP TYPE "ConversationStatus";

-- CreateTable
CREATE TABLE "masters" (
    "id" TEXT NOT NULL,
    "salon_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "masters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "services" (
    "id" TEXT NOT NULL,
    "salon_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "duration_min" INTEGER NOT NULL DEFAULT 30,
    "price" DECIMAL(10,2) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reminders" (
    "id" TEXT NOT NULL,
    "booking_id" TEXT NOT NULL,
    "send_at" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'SCHEDULED',
    "sent_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reminders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "salon_id" TEXT,
    "email" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'STAFF',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "masters_salon_id_idx" ON "masters"("salon_id");

-- CreateIndex
CREATE UNIQUE INDEX "services_salon_id_name_key" ON "services"("salon_id", "name");

-- CreateIndex
CREATE INDEX "reminders_status_send_at_idx" ON "reminders"("status", "send_at");

-- CreateIndex
CREATE INDEX "reminders_booking_id_idx" ON "reminders"("booking_id");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "bookings_master_id_start_ts_idx" ON "bookings"("master_id", "start_ts");

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_master_id_fkey" FOREIGN KEY ("master_id") REFERENCES "masters"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "services"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "masters" ADD CONSTRAINT "masters_salon_id_fkey" FOREIGN KEY ("salon_id") REFERENCES "salons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "services" ADD CONSTRAINT "services_salon_id_fkey" FOREIGN KEY ("salon_id") REFERENCES "salons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_salon_id_fkey" FOREIGN KEY ("salon_id") REFERENCES "salons"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
INSERT INTO "_prisma_migrations"
    ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
VALUES
    ('b81e4a27-3c9d-4e60-a5f2-7d1c0e9b3a48',
     'a7c2e9f04b1d83a6e5c0f7b2d9e4a1c8b3f6d0e2a5c9b7f1e4d8a0c3b6e9f2d5',
     TIMESTAMPTZ '2025-11-18 14:15:02.904+00', '20251118141500_text_status_masters_services', NULL, NULL,
     TIMESTAMPTZ '2025-11-18 14:15:02.611+00', 1);
