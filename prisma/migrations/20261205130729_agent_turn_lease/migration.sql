-- AlterTable
ALTER TABLE "agent_turns" ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "ownerId" TEXT,
ADD COLUMN     "stopRequestedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "agent_turns_status_leaseUntil_idx" ON "agent_turns"("status", "leaseUntil");
