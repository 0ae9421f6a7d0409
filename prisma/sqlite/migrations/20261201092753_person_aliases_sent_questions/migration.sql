-- CreateTable
CREATE TABLE "PersonAlias" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "aliasId" TEXT NOT NULL,
    CONSTRAINT "PersonAlias_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SentQuestion" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "question" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "sentOn" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PersonAlias_personId_idx" ON "PersonAlias"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonAlias_platform_aliasId_key" ON "PersonAlias"("platform", "aliasId");

-- CreateIndex
CREATE UNIQUE INDEX "SentQuestion_question_key" ON "SentQuestion"("question");

-- CreateIndex
CREATE INDEX "SentQuestion_sentOn_idx" ON "SentQuestion"("sentOn");

-- CreateIndex
CREATE INDEX "SentQuestion_platform_chatId_idx" ON "SentQuestion"("platform", "chatId");
