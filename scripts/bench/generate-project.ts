import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A generated project file: ASCII text, so its length in characters is its size in bytes. */
export type GeneratedFile = { path: string; content: string };

export const projectShape = { seed: 20_240_601, fanOut: 5, filesPerFolder: 16, minBytes: 2 * 1024, maxBytes: 20 * 1024 };

/** mulberry32: a tiny seeded PRNG, so every run (and every process) generates identical data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = ["const", "value", "result", "items", "index", "config", "user", "project", "render", "state", "async", "await",
  "return", "string", "number", "map", "filter", "reduce", "props", "handler", "error", "request", "response", "cache"];

function codeText(random: () => number, bytes: number): string {
  const pick = () => words[Math.floor(random() * words.length)]!;
  const lines: string[] = [];
  let length = 0;
  for (let n = 0; length < bytes; n++) {
    const phrase = Array.from({ length: 3 + Math.floor(random() * 8) }, pick).join(" ");
    const line = n % 4 === 0 ? `// ${phrase}` : `export const ${pick()}_${n} = "${phrase}";`;
    lines.push(line);
    length += line.length + 1;
  }
  return `${lines.join("\n").slice(0, bytes - 1)}\n`;
}

/**
 * The benchmark project: three levels of folders (5 × 5 × 5), 16 files in each of the 125 leaf
 * folders = 2,000 TypeScript-looking files of 2–20 KiB, ~22 MB in all.
 */
export function generateProject(): GeneratedFile[] {
  const { seed, fanOut, filesPerFolder, minBytes, maxBytes } = projectShape;
  const random = seededRandom(seed);
  const files: GeneratedFile[] = [];
  for (let a = 0; a < fanOut; a++)
    for (let b = 0; b < fanOut; b++)
      for (let c = 0; c < fanOut; c++)
        for (let f = 0; f < filesPerFolder; f++) {
          const bytes = minBytes + Math.floor(random() * (maxBytes - minBytes + 1));
          files.push({ path: `pkg-${a}/mod-${b}/part-${c}/file-${String(f).padStart(2, "0")}.ts`, content: codeText(random, bytes) });
        }
  return files;
}

export const totalBytes = (files: GeneratedFile[]) => files.reduce((sum, f) => sum + f.content.length, 0);

/**
 * The one-file edits the save benchmark makes, run by run (warm-up first): a different file each
 * time, chosen by a seeded PRNG so ours and git's get exactly the same sequence.
 */
export function oneFileEdits(files: GeneratedFile[], count: number): GeneratedFile[] {
  const random = seededRandom(projectShape.seed + 1);
  return Array.from({ length: count }, (_, run) => {
    const file = files[Math.floor(random() * files.length)]!;
    return { path: file.path, content: `${file.content}// edit ${run}: ${random().toString(36).slice(2)}\n` };
  });
}

export async function writeProject(dir: string, files: GeneratedFile[]): Promise<void> {
  for (const folder of new Set(files.map((f) => path.dirname(f.path)))) await mkdir(path.join(dir, folder), { recursive: true });
  await Promise.all(files.map((f) => writeFile(path.join(dir, f.path), f.content)));
}
