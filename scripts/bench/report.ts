import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, type } from "node:os";
import type { Summary } from "./stats";

/** When and where the figures were taken; shared machines vary, so the load average goes in too. */
export function describeMachine(): string {
  const git = execFileSync("git", ["--version"], { encoding: "utf8" }).trim().replace("git version ", "");
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  const load = loadavg().map((n) => n.toFixed(1)).join(" / ");
  return `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · Node ${process.version} · ${cpu} × ${cpus().length} cores · ${type()} ${release()} · git ${git} · load average at start ${load}`;
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString("en-US")} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(2)} MB`;
}

export const formatCount = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(1));

/** "19 ms (17 ms–85 ms)"; a figure that did not vary is shown once. */
export function cell(s: Summary, format: (n: number) => string): string {
  const [median, min, max] = [format(s.median), format(s.min), format(s.max)];
  return min === max ? median : `${median} (${min}–${max})`;
}

export const ratio = (ours: Summary, reference: Summary) => `${(ours.median / reference.median).toFixed(2)}×`;

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

const preamble = `# Benchmarks

Written by \`npm run bench\` (scripts/bench). These machines are shared and noisy, so every figure
stands beside a reference measured in the same run on the same data, with the ratio between them:
read the ratios, not the absolute times. Each figure is the median and the min–max of at least five
runs after one warm-up; test data is generated with a fixed seed. One \`## \` section per benchmark;
a benchmark rewrites only its own section.
`;

/** Replaces the `## <heading>` section of BENCHMARKS.md in place (appending it the first time). */
export function writeSection(file: string, heading: string, body: string): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : preamble;
  const parts = text.split(/^(?=## )/m);
  const section = `## ${heading}\n\n${body.trim()}\n\n`;
  const index = parts.findIndex((p) => p.startsWith(`## ${heading}\n`));
  if (index >= 0) parts[index] = section;
  else parts.push((parts.at(-1)!.endsWith("\n\n") ? "" : "\n") + section);
  writeFileSync(file, parts.join("").replace(/\n+$/, "\n"));
}
