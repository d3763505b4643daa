-- AlterEnum
ALTER TYPE "AgentTurnStatus" ADD VALUE 'awaiting_client';
