-- Forgetting someone now deletes their Person row instead of keeping an anonymous
-- tombstone (see src/store/repositories/privacy.ts). Ballot.voterId becomes nullable, and
-- people forgotten before this migration are converted below, once a ballot may have no
-- voter and before Person loses "forgottenAt". ScheduledJob loses "createdAt": it timed
-- when a job was queued, and the first concern of an hour queues that hour's digest.

-- DropForeignKey
ALTER TABLE "Ballot" DROP CONSTRAINT "Ballot_voterId_fkey";

-- AlterTable
ALTER TABLE "Ballot" ALTER COLUMN "voterId" DROP NOT NULL;

-- People forgotten before this migration: their ballots in votes still open are withdrawn;
-- in closed votes the choices stay, with no voter, timed by the vote's close; their
-- memberships (with the join time) and any coordinator place go, then the tombstone.
DELETE FROM "Ballot"
WHERE "voterId" IN (SELECT "id" FROM "Person" WHERE "forgottenAt" IS NOT NULL)
  AND "voteId" IN (SELECT "id" FROM "Vote" WHERE "closedAt" IS NULL);
UPDATE "Ballot"
SET "voterId" = NULL,
    "castAt" = (SELECT "closedAt" FROM "Vote" WHERE "Vote"."id" = "Ballot"."voteId"),
    "updatedAt" = (SELECT "closedAt" FROM "Vote" WHERE "Vote"."id" = "Ballot"."voteId")
WHERE "voterId" IN (SELECT "id" FROM "Person" WHERE "forgottenAt" IS NOT NULL);
DELETE FROM "Membership" WHERE "personId" IN (SELECT "id" FROM "Person" WHERE "forgottenAt" IS NOT NULL);
DELETE FROM "ProgrammeStaff" WHERE "personId" IN (SELECT "id" FROM "Person" WHERE "forgottenAt" IS NOT NULL);
UPDATE "Task" SET "ownerId" = NULL WHERE "ownerId" IN (SELECT "id" FROM "Person" WHERE "forgottenAt" IS NOT NULL);
DELETE FROM "Person" WHERE "forgottenAt" IS NOT NULL;

-- AlterTable
ALTER TABLE "Person" DROP COLUMN "forgottenAt";

-- AlterTable
ALTER TABLE "ScheduledJob" DROP COLUMN "createdAt";

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_voterId_fkey" FOREIGN KEY ("voterId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
