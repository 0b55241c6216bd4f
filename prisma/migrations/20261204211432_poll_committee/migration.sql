-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "committeeId" INTEGER;

-- AddForeignKey
ALTER TABLE "Poll" ADD CONSTRAINT "Poll_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE SET NULL ON UPDATE CASCADE;
