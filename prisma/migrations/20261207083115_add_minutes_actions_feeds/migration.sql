-- CreateEnum
CREATE TYPE "MinutesEntryKind" AS ENUM ('topic', 'note', 'decision', 'action');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('open', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "ActionOwnerState" AS ENUM ('pending', 'accepted', 'done', 'declined');

-- AlterTable
ALTER TABLE "Committee" ADD COLUMN     "code" TEXT;

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "autoCloseMinutes" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "followsId" INTEGER;

-- CreateTable
CREATE TABLE "Minutes" (
    "id" SERIAL NOT NULL,
    "occurrenceId" INTEGER NOT NULL,
    "secretaryId" INTEGER,
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),
    "postedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "body" TEXT,

    CONSTRAINT "Minutes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MinutesEntry" (
    "id" SERIAL NOT NULL,
    "minutesId" INTEGER NOT NULL,
    "kind" "MinutesEntryKind" NOT NULL,
    "text" TEXT NOT NULL,
    "authorId" INTEGER,
    "topicId" INTEGER,
    "topicDone" BOOLEAN NOT NULL DEFAULT false,
    "decisionNumber" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMPTZ(3),

    CONSTRAINT "MinutesEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DecisionCounter" (
    "communityId" INTEGER NOT NULL,
    "committeeId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DecisionCounter_pkey" PRIMARY KEY ("communityId","committeeId","year")
);

-- CreateTable
CREATE TABLE "MinutesVersion" (
    "id" SERIAL NOT NULL,
    "minutesId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT NOT NULL,
    "editedById" INTEGER,
    "editedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MinutesVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "occurrenceId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("occurrenceId","memberId")
);

-- CreateTable
CREATE TABLE "ActionItem" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "meetingId" INTEGER,
    "entryId" INTEGER,
    "text" TEXT NOT NULL,
    "dueAt" TIMESTAMPTZ(3),
    "status" "ActionStatus" NOT NULL DEFAULT 'open',
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMPTZ(3),

    CONSTRAINT "ActionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionOwner" (
    "actionId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "state" "ActionOwnerState" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "ActionOwner_pkey" PRIMARY KEY ("actionId","memberId")
);

-- CreateTable
CREATE TABLE "ActionReminder" (
    "id" SERIAL NOT NULL,
    "actionId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'planned',
    "handledAt" TIMESTAMPTZ(3),
    "outboxId" INTEGER,

    CONSTRAINT "ActionReminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionDigest" (
    "communityId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "week" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outboxId" INTEGER,

    CONSTRAINT "ActionDigest_pkey" PRIMARY KEY ("communityId","memberId","week")
);

-- CreateTable
CREATE TABLE "FeedSubscription" (
    "id" SERIAL NOT NULL,
    "memberId" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "scope" TEXT NOT NULL,
    "committeeId" INTEGER,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Minutes_occurrenceId_key" ON "Minutes"("occurrenceId");

-- CreateIndex
CREATE INDEX "MinutesEntry_minutesId_id_idx" ON "MinutesEntry"("minutesId", "id");

-- CreateIndex
CREATE INDEX "MinutesEntry_decisionNumber_idx" ON "MinutesEntry"("decisionNumber");

-- CreateIndex
CREATE UNIQUE INDEX "MinutesVersion_minutesId_version_key" ON "MinutesVersion"("minutesId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ActionItem_entryId_key" ON "ActionItem"("entryId");

-- CreateIndex
CREATE INDEX "ActionItem_communityId_status_idx" ON "ActionItem"("communityId", "status");

-- CreateIndex
CREATE INDEX "ActionOwner_memberId_idx" ON "ActionOwner"("memberId");

-- CreateIndex
CREATE INDEX "ActionReminder_status_dueAt_idx" ON "ActionReminder"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ActionReminder_actionId_stage_memberId_key" ON "ActionReminder"("actionId", "stage", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "FeedSubscription_secretHash_key" ON "FeedSubscription"("secretHash");

-- CreateIndex
CREATE UNIQUE INDEX "FeedSubscription_memberId_communityId_key" ON "FeedSubscription"("memberId", "communityId");

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_followsId_fkey" FOREIGN KEY ("followsId") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Minutes" ADD CONSTRAINT "Minutes_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "MeetingOccurrence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Minutes" ADD CONSTRAINT "Minutes_secretaryId_fkey" FOREIGN KEY ("secretaryId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesEntry" ADD CONSTRAINT "MinutesEntry_minutesId_fkey" FOREIGN KEY ("minutesId") REFERENCES "Minutes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesEntry" ADD CONSTRAINT "MinutesEntry_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DecisionCounter" ADD CONSTRAINT "DecisionCounter_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesVersion" ADD CONSTRAINT "MinutesVersion_minutesId_fkey" FOREIGN KEY ("minutesId") REFERENCES "Minutes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MinutesVersion" ADD CONSTRAINT "MinutesVersion_editedById_fkey" FOREIGN KEY ("editedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "MeetingOccurrence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "MinutesEntry"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionItem" ADD CONSTRAINT "ActionItem_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionOwner" ADD CONSTRAINT "ActionOwner_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "ActionItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionOwner" ADD CONSTRAINT "ActionOwner_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionReminder" ADD CONSTRAINT "ActionReminder_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "ActionItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionReminder" ADD CONSTRAINT "ActionReminder_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedSubscription" ADD CONSTRAINT "FeedSubscription_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedSubscription" ADD CONSTRAINT "FeedSubscription_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;
