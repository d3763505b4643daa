-- CreateEnum
CREATE TYPE "ShareLinkAccess" AS ENUM ('view', 'fork');

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "forkedFromProjectId" TEXT,
ADD COLUMN     "forkedFromSnapshotId" TEXT;

-- CreateTable
CREATE TABLE "share_links" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "access" "ShareLinkAccess" NOT NULL,
    "snapshotId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "share_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "share_links_tokenHash_key" ON "share_links"("tokenHash");

-- CreateIndex
CREATE INDEX "share_links_projectId_idx" ON "share_links"("projectId");

-- CreateIndex
CREATE INDEX "projects_forkedFromProjectId_idx" ON "projects"("forkedFromProjectId");

-- AddForeignKey
ALTER TABLE "projects" ADD CONSTRAINT "projects_forkedFromProjectId_fkey" FOREIGN KEY ("forkedFromProjectId") REFERENCES "projects"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
