export type DecodedFile = { kind: "text"; text: string } | { kind: "binary"; size: number };

/**
 * Decides whether file bytes can be edited as text: valid UTF-8 without NUL bytes. Everything else
 * (images, archives, UTF-16) is shown as a binary file so saving never corrupts it.
 */
export function decodeFileBytes({ bytes }: { bytes: Uint8Array }): DecodedFile {
  if (bytes.includes(0)) return { kind: "binary", size: bytes.length };
  try {
    return { kind: "text", text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { kind: "binary", size: bytes.length };
  }
}

/** Base64 of raw bytes, chunked so large files do not overflow the argument list of fromCharCode. */
export function bytesToBase64({ bytes }: { bytes: Uint8Array }): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function formatBytes({ size }: { size: number }): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
