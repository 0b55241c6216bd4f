-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "mappedRole" "Role";

-- CreateTable
CREATE TABLE "PlatformRoleMapping" (
    "id" SERIAL NOT NULL,
    "communityId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "platformRoleId" TEXT NOT NULL,
    "platformRoleName" TEXT,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlatformRoleMapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlatformRoleMapping_communityId_platform_platformRoleId_key" ON "PlatformRoleMapping"("communityId", "platform", "platformRoleId");

-- AddForeignKey
ALTER TABLE "PlatformRoleMapping" ADD CONSTRAINT "PlatformRoleMapping_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;
