-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "icsSequence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "place" TEXT,
ALTER COLUMN "link" DROP NOT NULL;

-- CreateTable
CREATE TABLE "Installation" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "uid" UUID NOT NULL DEFAULT gen_random_uuid(),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("id")
);

-- One row, made here once: the installation's id is random per database and kept by backups and restores.
ALTER TABLE "Installation" ADD CONSTRAINT "Installation_single_row" CHECK ("id" = 1);
INSERT INTO "Installation" ("id") VALUES (1);
