-- CreateEnum
CREATE TYPE "ExperienceStatus" AS ENUM ('pending', 'approved', 'rejected', 'changes_requested');

-- CreateEnum
CREATE TYPE "ExperienceConsent" AS ENUM ('named', 'anonymous');

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "organization" TEXT;

-- CreateTable
CREATE TABLE "Experience" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "authorId" INTEGER,
    "platform" TEXT NOT NULL,
    "chatId" TEXT,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "tags" TEXT[],
    "library" TEXT,
    "consent" "ExperienceConsent" NOT NULL,
    "sourceName" TEXT,
    "sourceDate" TIMESTAMP(3),
    "status" "ExperienceStatus" NOT NULL DEFAULT 'pending',
    "submittedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Experience_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperienceAttachment" (
    "id" SERIAL NOT NULL,
    "experienceId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "fileName" TEXT,
    "mimeType" TEXT NOT NULL,
    "caption" TEXT,

    CONSTRAINT "ExperienceAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperienceStatusChange" (
    "id" SERIAL NOT NULL,
    "experienceId" INTEGER NOT NULL,
    "fromStatus" "ExperienceStatus",
    "toStatus" "ExperienceStatus" NOT NULL,
    "actorId" INTEGER,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperienceStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperienceIndexEntry" (
    "experienceId" INTEGER NOT NULL,
    "communityId" INTEGER NOT NULL,
    "approvedAt" TIMESTAMP(3) NOT NULL,
    "titleWords" TEXT NOT NULL,
    "tagWords" TEXT NOT NULL,
    "words" tsvector NOT NULL,

    CONSTRAINT "ExperienceIndexEntry_pkey" PRIMARY KEY ("experienceId")
);

-- Added by hand (Prisma has no word for it): a search reads the rows its GIN index matched but never
-- their word vectors, so the vectors are kept out of line and the table's own pages stay few.
ALTER TABLE "ExperienceIndexEntry" SET (toast_tuple_target = 128);

-- CreateTable
CREATE TABLE "ExperienceSearch" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperienceSearch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperienceTopic" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExperienceTopic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NewsletterIssue" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "periodFrom" TIMESTAMP(3),
    "periodTo" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NewsletterIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NewsletterItem" (
    "id" SERIAL NOT NULL,
    "issueId" INTEGER NOT NULL,
    "experienceId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "NewsletterItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Experience_communityId_status_submittedAt_idx" ON "Experience"("communityId", "status", "submittedAt");

-- CreateIndex
CREATE INDEX "Experience_communityId_status_approvedAt_idx" ON "Experience"("communityId", "status", "approvedAt");

-- CreateIndex
CREATE INDEX "Experience_authorId_idx" ON "Experience"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "ExperienceAttachment_experienceId_position_key" ON "ExperienceAttachment"("experienceId", "position");

-- CreateIndex
CREATE INDEX "ExperienceStatusChange_experienceId_createdAt_idx" ON "ExperienceStatusChange"("experienceId", "createdAt");

-- CreateIndex
CREATE INDEX "ExperienceStatusChange_actorId_idx" ON "ExperienceStatusChange"("actorId");

-- CreateIndex
CREATE INDEX "ExperienceIndexEntry_words_idx" ON "ExperienceIndexEntry" USING GIN ("words");

-- CreateIndex
CREATE INDEX "ExperienceSearch_memberId_createdAt_idx" ON "ExperienceSearch"("memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExperienceTopic_communityId_name_key" ON "ExperienceTopic"("communityId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "NewsletterIssue_communityId_number_key" ON "NewsletterIssue"("communityId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "NewsletterItem_experienceId_key" ON "NewsletterItem"("experienceId");

-- CreateIndex
CREATE INDEX "NewsletterItem_issueId_idx" ON "NewsletterItem"("issueId");

-- AddForeignKey
ALTER TABLE "Experience" ADD CONSTRAINT "Experience_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Experience" ADD CONSTRAINT "Experience_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperienceAttachment" ADD CONSTRAINT "ExperienceAttachment_experienceId_fkey" FOREIGN KEY ("experienceId") REFERENCES "Experience"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperienceStatusChange" ADD CONSTRAINT "ExperienceStatusChange_experienceId_fkey" FOREIGN KEY ("experienceId") REFERENCES "Experience"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperienceStatusChange" ADD CONSTRAINT "ExperienceStatusChange_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperienceIndexEntry" ADD CONSTRAINT "ExperienceIndexEntry_experienceId_fkey" FOREIGN KEY ("experienceId") REFERENCES "Experience"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperienceSearch" ADD CONSTRAINT "ExperienceSearch_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperienceTopic" ADD CONSTRAINT "ExperienceTopic_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NewsletterIssue" ADD CONSTRAINT "NewsletterIssue_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NewsletterIssue" ADD CONSTRAINT "NewsletterIssue_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NewsletterItem" ADD CONSTRAINT "NewsletterItem_issueId_fkey" FOREIGN KEY ("issueId") REFERENCES "NewsletterIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NewsletterItem" ADD CONSTRAINT "NewsletterItem_experienceId_fkey" FOREIGN KEY ("experienceId") REFERENCES "Experience"("id") ON DELETE CASCADE ON UPDATE CASCADE;
