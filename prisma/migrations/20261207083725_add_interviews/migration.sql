-- CreateEnum
CREATE TYPE "ExperienceKind" AS ENUM ('experience', 'interview');

-- CreateEnum
CREATE TYPE "InterviewMode" AS ENUM ('led', 'self');

-- CreateEnum
CREATE TYPE "InterviewStatus" AS ENUM ('in_progress', 'finished', 'withdrawn');

-- CreateEnum
CREATE TYPE "InterviewConsent" AS ENUM ('named', 'anonymous', 'members_only', 'private');

-- AlterTable
ALTER TABLE "Experience" ADD COLUMN     "interviewId" INTEGER,
ADD COLUMN     "kind" "ExperienceKind" NOT NULL DEFAULT 'experience',
ADD COLUMN     "membersOnly" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Interview" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "templateName" TEXT NOT NULL,
    "template" JSONB NOT NULL,
    "language" TEXT NOT NULL,
    "mode" "InterviewMode" NOT NULL,
    "interviewerId" INTEGER,
    "veteranId" INTEGER,
    "veteranName" TEXT NOT NULL,
    "currentKey" TEXT,
    "answers" JSONB NOT NULL,
    "status" "InterviewStatus" NOT NULL DEFAULT 'in_progress',
    "consent" "InterviewConsent",
    "consentBy" TEXT,
    "consentAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAnsweredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "withdrawnAt" TIMESTAMPTZ(3),

    CONSTRAINT "Interview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InterviewReminder" (
    "id" SERIAL NOT NULL,
    "interviewId" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "memberId" INTEGER NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'planned',
    "handledAt" TIMESTAMPTZ(3),
    "outboxId" INTEGER,

    CONSTRAINT "InterviewReminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Interview_communityId_status_idx" ON "Interview"("communityId", "status");

-- CreateIndex
CREATE INDEX "Interview_veteranId_idx" ON "Interview"("veteranId");

-- CreateIndex
CREATE INDEX "Interview_interviewerId_idx" ON "Interview"("interviewerId");

-- CreateIndex
CREATE INDEX "InterviewReminder_status_dueAt_idx" ON "InterviewReminder"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "InterviewReminder_interviewId_stage_memberId_key" ON "InterviewReminder"("interviewId", "stage", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Experience_interviewId_key" ON "Experience"("interviewId");

-- AddForeignKey
ALTER TABLE "Experience" ADD CONSTRAINT "Experience_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_interviewerId_fkey" FOREIGN KEY ("interviewerId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Interview" ADD CONSTRAINT "Interview_veteranId_fkey" FOREIGN KEY ("veteranId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewReminder" ADD CONSTRAINT "InterviewReminder_interviewId_fkey" FOREIGN KEY ("interviewId") REFERENCES "Interview"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InterviewReminder" ADD CONSTRAINT "InterviewReminder_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
