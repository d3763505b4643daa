-- AlterTable
ALTER TABLE "objects" ADD COLUMN     "codec" SMALLINT NOT NULL DEFAULT 0;

-- Objects arrive compressed (codec 1) or incompressible: TOAST need not try pglz on them again.
ALTER TABLE "objects" ALTER COLUMN "data" SET STORAGE EXTERNAL;
