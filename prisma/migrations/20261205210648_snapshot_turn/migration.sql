-- AlterTable
ALTER TABLE "snapshots" ADD COLUMN     "turnId" TEXT;

-- CreateIndex
CREATE INDEX "snapshots_turnId_idx" ON "snapshots"("turnId");

-- AddForeignKey
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "agent_turns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: an agent snapshot made before this column belongs to the project's turn that was running
-- when it was made (the rule the timeline used until now).
UPDATE "snapshots" s SET "turnId" = (
  SELECT t.id FROM "agent_turns" t JOIN "agent_sessions" a ON a.id = t."sessionId"
  WHERE a."projectId" = s."projectId" AND t."startedAt" <= s."createdAt" AND (t."endedAt" IS NULL OR t."endedAt" >= s."createdAt")
  ORDER BY t."startedAt" DESC
  LIMIT 1
)
WHERE s.author = 'agent';
