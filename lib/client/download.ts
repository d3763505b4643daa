/** Saves bytes or text as a file through the browser's download, named after the project file. */
export function downloadFile({ name, data, mime }: { name: string; data: Uint8Array | string; mime: string }): void {
  // A copy into a fresh ArrayBuffer: a Blob takes no view over a shared one.
  const part = typeof data === "string" ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type: mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the data by the next task; the URL is not needed after that.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
