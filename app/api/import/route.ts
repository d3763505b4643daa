// POST /api/import?format=zip|bundle|folder&name=&workspaceId= – a zip, a git bundle (history kept) or a dropped folder (multipart: path + file pairs) as a new project
import { NextResponse } from "next/server";
import { z } from "zod";
import { requireCaller } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { readBody, route } from "@/lib/http";
import { importProject, importTarget } from "@/lib/transfer/import";
import { importLimits } from "@/lib/transfer/limits";
import { nameFromUpload } from "@/lib/transfer/names";
import { projectNameSchema } from "@/lib/validation/projects";
import { idSchema } from "@/lib/validation/stored-text";
import type { ArchiveEntry } from "@/lib/transfer/zip-read";

const querySchema = z.object({
  format: z.enum(["zip", "bundle", "folder"], { error: 'format is "zip", "bundle" or "folder"' }),
  name: projectNameSchema.optional(),
  workspaceId: idSchema.optional(),
});

export const POST = route(async (req) => {
  const caller = await requireCaller(req.headers);
  const query = querySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  // Authorized before the upload is read: a caller who may not create projects sends nothing.
  const workspaceId = await importTarget({ caller, workspaceId: query.workspaceId });
  const limits = importLimits();
  const bytes = await readBody(req, limits.uploadBytes);
  if (bytes.byteLength === 0) throw new AppError("bad_request:body", "Send the archive as the request body");
  if (query.format !== "folder") {
    const name = query.name ?? nameFromUpload("Imported project");
    const project = await importProject({ caller, workspaceId, name, source: { kind: query.format, bytes }, limits });
    return NextResponse.json({ project }, { status: 201 });
  }
  const { folder, entries } = withoutFolderName(await folderEntries(req, bytes, limits.files));
  const name = query.name ?? projectNameSchema.catch("Imported folder").parse(folder ?? "Imported folder");
  const project = await importProject({ caller, workspaceId, name, source: { kind: "files", entries }, limits });
  return NextResponse.json({ project }, { status: 201 });
});

/** A dropped folder: multipart fields `path` (relative, with the folder's own name first) and `file`, in pairs. */
async function folderEntries(req: Request, bytes: Uint8Array<ArrayBuffer>, maxFiles: number): Promise<ArchiveEntry[]> {
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw new AppError("bad_request:body", "A folder import is multipart/form-data with a path and a file field per file");
  }
  const paths = form.getAll("path");
  const files = form.getAll("file");
  if (paths.length !== files.length || paths.length === 0) throw new AppError("bad_request:body", "Send one path field for each file field");
  if (files.length > maxFiles) throw new AppError("too_large:import", `The folder holds ${files.length} files; an import may hold at most ${maxFiles}`);
  const entries: ArchiveEntry[] = [];
  for (let i = 0; i < files.length; i++) {
    const path = paths[i];
    const file = files[i];
    if (typeof path !== "string" || typeof file === "string" || !file) throw new AppError("bad_request:body", `Field pair ${i + 1} is not a path and a file`);
    entries.push({ path, data: new Uint8Array(await file.arrayBuffer()) });
  }
  return entries;
}

/** A dropped folder's files all start with the folder's name: the project holds what is inside it. */
function withoutFolderName(entries: ArchiveEntry[]): { folder: string | null; entries: ArchiveEntry[] } {
  const first = entries[0]?.path.split("/")[0];
  if (!first || !entries.every((e) => e.path.startsWith(`${first}/`))) return { folder: null, entries };
  return { folder: first, entries: entries.map((e) => ({ ...e, path: e.path.slice(first.length + 1) })) };
}
