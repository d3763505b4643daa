-- When a save last wrote an object (the garbage collector spares recent ones); renamed, so existing rows keep their time.
ALTER TABLE "objects" RENAME COLUMN "createdAt" TO "writtenAt";
