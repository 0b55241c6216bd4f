-- CreateEnum
CREATE TYPE "RoundAudience" AS ENUM ('libraries', 'committee', 'members');

-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "holidayCountry" TEXT,
ADD COLUMN     "quietEndMinute" INTEGER NOT NULL DEFAULT 480,
ADD COLUMN     "quietStartMinute" INTEGER NOT NULL DEFAULT 1260;

-- CreateTable
CREATE TABLE "Library" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "city" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'other',
    "committeeId" INTEGER,
    "delegateId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Library_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LibraryRespondent" (
    "communityId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "libraryId" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LibraryRespondent_pkey" PRIMARY KEY ("communityId","memberId")
);

-- CreateTable
CREATE TABLE "CommunityHoliday" (
    "communityId" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "name" TEXT,
    "removed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CommunityHoliday_pkey" PRIMARY KEY ("communityId","day")
);

-- CreateTable
CREATE TABLE "ReportRound" (
    "id" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "createdById" INTEGER,
    "templateName" TEXT NOT NULL,
    "template" JSONB NOT NULL,
    "periodKind" TEXT NOT NULL,
    "periodLabel" TEXT NOT NULL,
    "periodStart" TIMESTAMPTZ(3) NOT NULL,
    "periodEnd" TIMESTAMPTZ(3) NOT NULL,
    "audience" "RoundAudience" NOT NULL,
    "committeeId" INTEGER,
    "opensAt" TIMESTAMPTZ(3) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "repeatEvery" TEXT,
    "openDaysBefore" INTEGER NOT NULL DEFAULT 0,
    "dueDaysAfter" INTEGER NOT NULL DEFAULT 10,
    "seriesId" INTEGER,
    "openedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "nextMadeAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundSubmission" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "libraryId" INTEGER,
    "subjectId" INTEGER,
    "submittedById" INTEGER,
    "answers" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "firstSubmittedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoundSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundSubmissionVersion" (
    "id" SERIAL NOT NULL,
    "submissionId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "answers" JSONB NOT NULL,
    "submittedById" INTEGER,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoundSubmissionVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundDraft" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "answers" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RoundDraft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoundReminder" (
    "id" SERIAL NOT NULL,
    "roundId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "libraryId" INTEGER,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'planned',
    "handledAt" TIMESTAMPTZ(3),
    "outboxId" INTEGER,

    CONSTRAINT "RoundReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Library_communityId_name_key" ON "Library"("communityId", "name");

-- CreateIndex
CREATE INDEX "LibraryRespondent_libraryId_idx" ON "LibraryRespondent"("libraryId");

-- CreateIndex
CREATE INDEX "ReportRound_communityId_idx" ON "ReportRound"("communityId");

-- CreateIndex
CREATE INDEX "ReportRound_closedAt_opensAt_idx" ON "ReportRound"("closedAt", "opensAt");

-- CreateIndex
CREATE UNIQUE INDEX "ReportRound_seriesId_periodLabel_key" ON "ReportRound"("seriesId", "periodLabel");

-- CreateIndex
CREATE UNIQUE INDEX "RoundSubmission_roundId_libraryId_key" ON "RoundSubmission"("roundId", "libraryId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundSubmission_roundId_subjectId_key" ON "RoundSubmission"("roundId", "subjectId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundSubmissionVersion_submissionId_version_key" ON "RoundSubmissionVersion"("submissionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "RoundDraft_roundId_memberId_key" ON "RoundDraft"("roundId", "memberId");

-- CreateIndex
CREATE INDEX "RoundReminder_status_dueAt_idx" ON "RoundReminder"("status", "dueAt");

-- CreateIndex
CREATE INDEX "RoundReminder_memberId_idx" ON "RoundReminder"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "RoundReminder_roundId_stage_memberId_key" ON "RoundReminder"("roundId", "stage", "memberId");

-- AddForeignKey
ALTER TABLE "Library" ADD CONSTRAINT "Library_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Library" ADD CONSTRAINT "Library_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Library" ADD CONSTRAINT "Library_delegateId_fkey" FOREIGN KEY ("delegateId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LibraryRespondent" ADD CONSTRAINT "LibraryRespondent_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LibraryRespondent" ADD CONSTRAINT "LibraryRespondent_libraryId_fkey" FOREIGN KEY ("libraryId") REFERENCES "Library"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommunityHoliday" ADD CONSTRAINT "CommunityHoliday_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRound" ADD CONSTRAINT "ReportRound_id_fkey" FOREIGN KEY ("id") REFERENCES "ShortNumber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRound" ADD CONSTRAINT "ReportRound_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRound" ADD CONSTRAINT "ReportRound_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReportRound" ADD CONSTRAINT "ReportRound_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundSubmission" ADD CONSTRAINT "RoundSubmission_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReportRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundSubmission" ADD CONSTRAINT "RoundSubmission_libraryId_fkey" FOREIGN KEY ("libraryId") REFERENCES "Library"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundSubmission" ADD CONSTRAINT "RoundSubmission_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundSubmissionVersion" ADD CONSTRAINT "RoundSubmissionVersion_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "RoundSubmission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundSubmissionVersion" ADD CONSTRAINT "RoundSubmissionVersion_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundDraft" ADD CONSTRAINT "RoundDraft_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReportRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundDraft" ADD CONSTRAINT "RoundDraft_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundReminder" ADD CONSTRAINT "RoundReminder_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "ReportRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoundReminder" ADD CONSTRAINT "RoundReminder_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
