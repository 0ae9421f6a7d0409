-- AlterTable
ALTER TABLE "ScheduledJob" ADD COLUMN "outbox" TEXT;
