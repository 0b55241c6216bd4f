-- AlterTable
ALTER TABLE "Chat" ADD COLUMN     "unreachableAt" TIMESTAMP(3),
ADD COLUMN     "unreachableReason" TEXT;

-- CreateTable
CREATE TABLE "FloodWindow" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "FloodWindow_pkey" PRIMARY KEY ("key","windowStart")
);

-- CreateIndex
CREATE INDEX "FloodWindow_windowStart_idx" ON "FloodWindow"("windowStart");
