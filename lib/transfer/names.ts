/** An ASCII file name for a download (the UTF-8 one goes in filename*), never empty. */
export function downloadName(projectName: string, extension: string): string {
  const ascii = projectName.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
  return `${ascii || "project"}.${extension}`;
}

/** A project name for an upload: its file (or folder) name without the extension. */
export function nameFromUpload(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? "";
  return base.replace(/\.(zip|bundle|git)$/i, "").trim().slice(0, 100) || "Imported project";
}
