-- Forgetting someone now deletes their Person row instead of keeping an anonymous
-- tombstone (see src/store/repositories/privacy.ts). Ballot.voterId becomes nullable, and
-- people forgotten before this migration are converted below, once a ballot may have no
-- voter and before Person loses "forgottenAt". ScheduledJob loses "createdAt": it timed
-- when a job was queued, and the first concern of an hour queues that hour's digest.

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Ballot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "voteId" INTEGER NOT NULL,
    "voterId" INTEGER,
    "choices" TEXT NOT NULL,
    "castAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Ballot_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Ballot_voterId_fkey" FOREIGN KEY ("voterId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Ballot" ("castAt", "choices", "id", "updatedAt", "voteId", "voterId") SELECT "castAt", "choices", "id", "updatedAt", "voteId", "voterId" FROM "Ballot";
DROP TABLE "Ballot";
ALTER TABLE "new_Ballot" RENAME TO "Ballot";
CREATE UNIQUE INDEX "Ballot_voteId_voterId_key" ON "Ballot"("voteId", "voterId");
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
CREATE TABLE "new_Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "platformUserId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "locale" TEXT,
    "selfDescription" TEXT,
    "privacyNoticeAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Person" ("createdAt", "displayName", "id", "locale", "platform", "platformUserId", "privacyNoticeAt", "selfDescription") SELECT "createdAt", "displayName", "id", "locale", "platform", "platformUserId", "privacyNoticeAt", "selfDescription" FROM "Person";
-- The copy restarts the id sequence at the highest id left; keep the old one, so that no
-- newcomer is given the id of someone forgotten (deleted), whatever might still hold it.
UPDATE "sqlite_sequence"
SET "seq" = (SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'Person')
WHERE "name" = 'new_Person' AND (SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'Person') > "seq";
INSERT INTO "sqlite_sequence" ("name", "seq")
SELECT 'new_Person', "seq" FROM "sqlite_sequence"
WHERE "name" = 'Person' AND NOT EXISTS (SELECT 1 FROM "sqlite_sequence" WHERE "name" = 'new_Person');
DROP TABLE "Person";
ALTER TABLE "new_Person" RENAME TO "Person";
CREATE UNIQUE INDEX "Person_platform_platformUserId_key" ON "Person"("platform", "platformUserId");
CREATE TABLE "new_ScheduledJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "groupId" INTEGER,
    "personId" INTEGER,
    "dueAt" DATETIME NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "outbox" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "dedupeKey" TEXT,
    "claimedAt" DATETIME,
    "claimedBy" TEXT,
    "sentAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ScheduledJob_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ScheduledJob" ("attempts", "claimedAt", "claimedBy", "dedupeKey", "dueAt", "groupId", "id", "kind", "outbox", "payload", "personId", "sentAt", "status") SELECT "attempts", "claimedAt", "claimedBy", "dedupeKey", "dueAt", "groupId", "id", "kind", "outbox", "payload", "personId", "sentAt", "status" FROM "ScheduledJob";
DROP TABLE "ScheduledJob";
ALTER TABLE "new_ScheduledJob" RENAME TO "ScheduledJob";
CREATE UNIQUE INDEX "ScheduledJob_dedupeKey_key" ON "ScheduledJob"("dedupeKey");
CREATE INDEX "ScheduledJob_status_dueAt_idx" ON "ScheduledJob"("status", "dueAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
