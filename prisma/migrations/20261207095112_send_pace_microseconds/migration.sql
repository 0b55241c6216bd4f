-- The shared send budget hands out slots one interval apart (34.48 ms at 29/s). In milliseconds each
-- step rounded to 34 ms: 29.4 messages/s, 31 slots in 1,020 ms (bench/multi-instance.ts measured it).
-- AlterTable
ALTER TABLE "SendPace" ALTER COLUMN "nextAt" SET DATA TYPE TIMESTAMPTZ(6),
ALTER COLUMN "recent" SET DATA TYPE TIMESTAMPTZ(6)[];
