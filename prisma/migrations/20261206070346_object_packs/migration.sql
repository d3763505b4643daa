-- AlterTable
-- The hash as its 32 bytes, converted in place (the generated DROP and ADD would have lost every object).
ALTER TABLE "objects" DROP CONSTRAINT "objects_pkey",
ALTER COLUMN "hash" SET DATA TYPE BYTEA USING decode("hash", 'hex'),
ADD COLUMN     "base" BYTEA,
ADD COLUMN     "deltaFrom" BYTEA,
ADD COLUMN     "pack" INTEGER,
ADD COLUMN     "packOffset" INTEGER,
ADD CONSTRAINT "objects_pkey" PRIMARY KEY ("hash");

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
