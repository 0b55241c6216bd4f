-- CreateEnum
CREATE TYPE "MeetingAudience" AS ENUM ('chat', 'committee', 'community');

-- CreateEnum
CREATE TYPE "RsvpAnswer" AS ENUM ('yes', 'no', 'maybe');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('planned', 'sent', 'late', 'missed', 'skipped', 'cancelled');

-- CreateEnum
CREATE TYPE "ReminderKind" AS ENUM ('reminder', 'cancelOne', 'cancelSeries');

-- AlterTable
ALTER TABLE "Community" ADD COLUMN     "reminderOffsets" INTEGER[] DEFAULT ARRAY[1440, 60, 0]::INTEGER[];

-- CreateTable
CREATE TABLE "Meeting" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "chairId" INTEGER,
    "title" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "agenda" TEXT,
    "timeZone" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "rrule" TEXT,
    "audience" "MeetingAudience" NOT NULL,
    "chatId" INTEGER,
    "committeeId" INTEGER,
    "plannedUntil" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingOccurrence" (
    "id" SERIAL NOT NULL,
    "meetingId" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "MeetingOccurrence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rsvp" (
    "occurrenceId" INTEGER NOT NULL,
    "memberId" INTEGER NOT NULL,
    "answer" "RsvpAnswer" NOT NULL,
    "answeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Rsvp_pkey" PRIMARY KEY ("occurrenceId","memberId")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" SERIAL NOT NULL,
    "occurrenceId" INTEGER NOT NULL,
    "kind" "ReminderKind" NOT NULL DEFAULT 'reminder',
    "offsetMinutes" INTEGER NOT NULL,
    "targetPlatform" TEXT NOT NULL,
    "targetChatId" TEXT NOT NULL,
    "memberId" INTEGER,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "ReminderStatus" NOT NULL DEFAULT 'planned',
    "handledAt" TIMESTAMP(3),
    "outboxId" INTEGER,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Meeting_communityId_idx" ON "Meeting"("communityId");

-- CreateIndex
CREATE INDEX "Meeting_cancelledAt_plannedUntil_idx" ON "Meeting"("cancelledAt", "plannedUntil");

-- CreateIndex
CREATE INDEX "MeetingOccurrence_startsAt_idx" ON "MeetingOccurrence"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "MeetingOccurrence_meetingId_startsAt_key" ON "MeetingOccurrence"("meetingId", "startsAt");

-- CreateIndex
CREATE INDEX "Rsvp_memberId_idx" ON "Rsvp"("memberId");

-- CreateIndex
CREATE INDEX "Reminder_status_dueAt_idx" ON "Reminder"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Reminder_memberId_idx" ON "Reminder"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "Reminder_occurrenceId_kind_offsetMinutes_targetPlatform_tar_key" ON "Reminder"("occurrenceId", "kind", "offsetMinutes", "targetPlatform", "targetChatId");

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_chairId_fkey" FOREIGN KEY ("chairId") REFERENCES "Member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_chatId_fkey" FOREIGN KEY ("chatId") REFERENCES "Chat"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingOccurrence" ADD CONSTRAINT "MeetingOccurrence_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rsvp" ADD CONSTRAINT "Rsvp_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "MeetingOccurrence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rsvp" ADD CONSTRAINT "Rsvp_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_occurrenceId_fkey" FOREIGN KEY ("occurrenceId") REFERENCES "MeetingOccurrence"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
