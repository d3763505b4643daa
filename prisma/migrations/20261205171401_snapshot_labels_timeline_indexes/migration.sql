-- DropIndex
DROP INDEX "snapshots_projectId_createdAt_idx";

-- CreateTable
CREATE TABLE "snapshot_labels" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "snapshotId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "snapshot_labels_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "snapshot_labels_snapshotId_idx" ON "snapshot_labels"("snapshotId");

-- CreateIndex
CREATE UNIQUE INDEX "snapshot_labels_projectId_name_key" ON "snapshot_labels"("projectId", "name");

-- CreateIndex
CREATE INDEX "snapshots_projectId_createdAt_id_idx" ON "snapshots"("projectId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "snapshots_projectId_author_createdAt_idx" ON "snapshots"("projectId", "author", "createdAt");

-- AddForeignKey
ALTER TABLE "snapshot_labels" ADD CONSTRAINT "snapshot_labels_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;
