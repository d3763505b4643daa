-- AlterTable
ALTER TABLE "agent_turns" ADD COLUMN     "lastEditUndoSnapshotId" TEXT;
