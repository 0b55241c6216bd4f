-- AlterTable
ALTER TABLE "ExperienceIndexEntry" ADD COLUMN     "tokensVersion" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "ExperienceIndexEntry_tokensVersion_idx" ON "ExperienceIndexEntry"("tokensVersion");
