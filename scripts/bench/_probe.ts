import { getDatabase } from "@/lib/db/client";
import { getObjectsByHash } from "@/lib/db/queries/objects";
import { createProjectRow } from "@/lib/db/queries/projects";
import { listFiles } from "@/lib/snapshots/read";
import { emptyTree } from "@/lib/snapshots/objects";
import { saveChanges } from "@/lib/snapshots/save";
import { writeObjects } from "@/lib/snapshots/store";
import { generateProject } from "./generate-project";
const files = generateProject();
const { prisma: db, kind } = await getDatabase();
const ws = await db.workspace.create({ data: { name: "p" } });
const project = await createProjectRow({ workspaceId: ws.id, name: "p" });
await writeObjects([emptyTree]);
const { snapshot } = await saveChanges({ projectId: project.id, baseSnapshotId: null, changes: files.map((f) => ({ type: "write", path: f.path, content: f.content, encoding: "utf8" })), author: "system", userId: null });
for (let round = 0; round < 2; round++) {
  let t = performance.now();
  const entries = (await listFiles({ rootTree: snapshot.rootTree })).filter((e) => e.kind === "file");
  console.log(kind, "listFiles", performance.now() - t);
  const hashes = entries.map((e) => e.hash);
  for (const chunk of [50, 200, 1000]) {
    t = performance.now();
    for (let i = 0; i < hashes.length; i += chunk) await getObjectsByHash({ hashes: hashes.slice(i, i + chunk) });
    console.log(kind, "prisma chunk", chunk, performance.now() - t);
  }
  t = performance.now();
  for (let i = 0; i < hashes.length; i += 200) await db.$queryRawUnsafe("select hash, data from objects where hash = any($1)", hashes.slice(i, i + 200));
  console.log(kind, "raw query chunk 200", performance.now() - t);
}
await (await getDatabase()).close();
