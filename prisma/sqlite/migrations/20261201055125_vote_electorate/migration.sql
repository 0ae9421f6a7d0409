-- AlterTable
ALTER TABLE "Vote" ADD COLUMN "electorate" INTEGER;
