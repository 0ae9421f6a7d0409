-- AlterTable
ALTER TABLE "Task" ADD COLUMN "progressAt" DATETIME;
