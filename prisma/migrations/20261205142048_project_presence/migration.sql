-- CreateTable
CREATE TABLE "project_presence" (
    "projectId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "path" TEXT,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "project_presence_pkey" PRIMARY KEY ("projectId","clientId")
);

-- CreateIndex
CREATE INDEX "project_presence_userId_idx" ON "project_presence"("userId");

-- AddForeignKey
ALTER TABLE "project_presence" ADD CONSTRAINT "project_presence_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_presence" ADD CONSTRAINT "project_presence_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
