-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "platformMessageId" TEXT;
