import { nodeScript } from "./node-script";
import { pythonSqlite } from "./python-sqlite";
import { staticSite } from "./static-site";
import type { Starter } from "./types";
import { viteReact } from "./vite-react";

export type { Starter };

export const starters: readonly Starter[] = [nodeScript, pythonSqlite, staticSite, viteReact];

export const starterIds = starters.map((s) => s.id) as [string, ...string[]];

/** What the dashboard's picker shows: no file contents. */
export type StarterSummary = Pick<Starter, "id" | "name" | "description" | "runtimes" | "entry">;

export const starterSummaries: StarterSummary[] = starters.map(({ id, name, description, runtimes, entry }) => ({ id, name, description, runtimes, entry }));

export function getStarter(id: string): Starter | undefined {
  return starters.find((s) => s.id === id);
}
