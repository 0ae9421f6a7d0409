-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "progressAt" TIMESTAMP(3);
