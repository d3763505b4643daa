-- CreateTable
CREATE TABLE "agent_turn_chunks" (
    "turnId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "chunks" TEXT NOT NULL,
    "final" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_turn_chunks_pkey" PRIMARY KEY ("turnId","seq")
);

-- AddForeignKey
ALTER TABLE "agent_turn_chunks" ADD CONSTRAINT "agent_turn_chunks_turnId_fkey" FOREIGN KEY ("turnId") REFERENCES "agent_turns"("id") ON DELETE CASCADE ON UPDATE CASCADE;
