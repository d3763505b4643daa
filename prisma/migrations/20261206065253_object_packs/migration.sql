-- AlterTable
ALTER TABLE "objects" ADD COLUMN     "base" TEXT,
ADD COLUMN     "pack" INTEGER,
ADD COLUMN     "packOffset" INTEGER;

-- CreateTable
CREATE TABLE "object_packs" (
    "id" SERIAL NOT NULL,
    "data" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "writtenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "object_packs_pkey" PRIMARY KEY ("id")
);

-- Packs arrive deflated: TOAST need not try pglz on them again.
ALTER TABLE "object_packs" ALTER COLUMN "data" SET STORAGE EXTERNAL;
