import { apiJson } from "@/lib/client/api-error";
import type { ProjectSummary } from "@/lib/validation/projects";

/** A starter as GET /api/starters lists it. */
export type StarterChoice = { id: string; name: string; description: string; runtimes: ("box" | "webcontainer")[]; entry: string };

/** A file picked or dropped for a folder import, with its path inside the folder (the folder's name first). */
export type FolderFile = { path: string; file: Blob };

const importUrl = (format: string, params: { name?: string; workspaceId?: string }) => {
  const query = new URLSearchParams({ format });
  if (params.name) query.set("name", params.name);
  if (params.workspaceId) query.set("workspaceId", params.workspaceId);
  return `/api/import?${query}`;
};

/** Export links: plain downloads the browser saves (the response is a streamed attachment). */
export const exportHref = (projectId: string, format: "zip" | "git") => `/api/projects/${encodeURIComponent(projectId)}/export?format=${format}`;

/** A zip or a git bundle, told apart by its name. */
export function archiveFormat(fileName: string): "zip" | "bundle" {
  return /\.(bundle|git)$/i.test(fileName) ? "bundle" : "zip";
}

export const transferApi = {
  importArchive: (file: File, workspaceId?: string) =>
    apiJson<{ project: ProjectSummary }>(importUrl(archiveFormat(file.name), { name: file.name.replace(/\.(zip|bundle|git)$/i, "").slice(0, 100) || undefined, workspaceId }), {
      method: "POST",
      headers: { "content-type": archiveFormat(file.name) === "zip" ? "application/zip" : "application/x-git-bundle" },
      body: file,
    }).then((r) => r.project),
  importFolder: (files: FolderFile[], workspaceId?: string) => {
    const form = new FormData();
    for (const { path, file } of files) {
      form.append("path", path);
      form.append("file", file);
    }
    return apiJson<{ project: ProjectSummary }>(importUrl("folder", { workspaceId }), { method: "POST", body: form }).then((r) => r.project);
  },
  starters: () => apiJson<{ starters: StarterChoice[] }>("/api/starters").then((r) => r.starters),
  createFromStarter: (starter: string, name: string | undefined, workspaceId?: string) =>
    apiJson<{ project: ProjectSummary & { entry: string } }>("/api/starters", { method: "POST", json: { starter, name, workspaceId } }).then((r) => r.project),
};

/** Every file below the dropped items, with paths from the dropped folder down (the browser's entry API). */
export async function filesFromDrop(items: DataTransferItemList): Promise<FolderFile[]> {
  const roots = [...items].map((item) => item.webkitGetAsEntry()).filter((e): e is FileSystemEntry => e !== null);
  const out: FolderFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isFile) {
      out.push({ path, file: await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)) });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in pages until an empty one.
    for (;;) {
      const page = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (page.length === 0) break;
      for (const child of page) await walk(child, path);
    }
  };
  for (const root of roots) await walk(root, "");
  return out;
}
