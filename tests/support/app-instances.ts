// App instances as processes of their own on one database (benchmarks, the two-instances test), and a
// client that talks to them the way a browser does: a better-auth session cookie from sign-up, then
// the JSON routes, with an Origin.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { adminDatabaseUrl, createDatabase, dropDatabase } from "../../scripts/lib/throwaway-database";

/**
 * "built": the production server (`npm run build` first), Next's router included.
 * "routes": tests/support/route-server.ts, the same edge and route handlers without Next.
 */
export type ServerKind = "built" | "routes";

export const builtServerEntry = path.join(process.cwd(), "node_modules/.cache/server/main.mjs");

export type Instance = { origin: string; kind: ServerKind; stop: () => Promise<void> };

/** Starts one app instance on `port` and resolves once it answers. */
export async function startInstance({ kind, port, env }: { kind: ServerKind; port: number; env: Record<string, string> }): Promise<Instance> {
  if (kind === "built" && !existsSync(builtServerEntry)) throw new Error("No production build: run `npm run build` first, or use the route server");
  const args =
    kind === "built"
      ? [builtServerEntry, "-p", String(port), "-H", "127.0.0.1"]
      : ["--import", "tsx", "--conditions=react-server", "tests/support/route-server.ts", "--port", String(port)];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      BETTER_AUTH_SECRET: "bench-secret-bench-secret-bench-secret",
      AUTH_RATE_LIMIT_MAX: "100000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const origin = `http://127.0.0.1:${port}`;
  await waitUntilServing({ origin, child, output });
  return { origin, kind, stop: () => stopChild(child) };
}

/**
 * Instances on `ports`, each a process of its own, on one fresh Postgres database (`name` prefixes
 * it): what one does must reach the others through the database alone. They start one after the
 * other, since each migrates the database at start. `stop` stops them all and drops the database.
 */
export async function startInstancesOnFreshDatabase({
  kind,
  ports,
  env = {},
  name,
}: {
  kind: ServerKind;
  ports: number[];
  env?: Record<string, string>;
  name: string;
}): Promise<{ instances: Instance[]; databaseUrl: string; stop: () => Promise<void> }> {
  const adminUrl = adminDatabaseUrl();
  const databaseName = `${name}_${randomBytes(6).toString("hex")}`;
  const databaseUrl = await createDatabase({ adminUrl, name: databaseName });
  const instances: Instance[] = [];
  const stop = async () => {
    await Promise.all(instances.splice(0).map((i) => i.stop()));
    await dropDatabase({ adminUrl, name: databaseName });
  };
  try {
    for (const port of ports) instances.push(await startInstance({ kind, port, env: { DATABASE_URL: databaseUrl, PGLITE_DIR: "", ...env } }));
  } catch (error) {
    await stop();
    throw error;
  }
  return { instances, databaseUrl, stop };
}

async function waitUntilServing({ origin, child, output }: { origin: string; child: ChildProcess; output: string[] }) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app instance exited (${child.exitCode}):\n${output.join("")}`);
    try {
      // Any answer from a route means the server and its database are up.
      const res = await fetch(`${origin}/api/projects`);
      if (res.status === 401) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill("SIGKILL");
  throw new Error(`The app instance at ${origin} did not answer within 120 s:\n${output.join("")}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** A signed-in person's client for one instance; the same cookie works on every instance. */
export class AppClient {
  constructor(
    readonly origin: string,
    readonly cookie: string,
  ) {}

  static async signUp(origin: string): Promise<AppClient> {
    const res = await fetch(`${origin}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: `bench-${randomUUID()}@example.test`, password: "correct horse battery", name: "Bench" }),
    });
    if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    return new AppClient(origin, cookie);
  }

  /** The same person on another instance. */
  on(origin: string): AppClient {
    return new AppClient(origin, this.cookie);
  }

  fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.origin}${pathname}`, {
      ...init,
      headers: { cookie: this.cookie, origin: this.origin, ...(init.body ? { "content-type": "application/json" } : {}), ...init.headers },
    });
  }

  async json<T>(pathname: string, init: RequestInit = {}): Promise<T> {
    const res = await this.fetch(pathname, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${pathname}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }

  async createProject(name: string): Promise<{ id: string; headSnapshotId: string | null }> {
    const { project } = await this.json<{ project: { id: string; headSnapshotId: string | null } }>("/api/projects", {
      method: "POST",
      body: JSON.stringify({ name }),
    });
    return project;
  }

  /** One `POST /save`; resolves with the new head and what the answer cost. */
  async save({ projectId, baseSnapshotId, changes }: { projectId: string; baseSnapshotId: string | null; changes: unknown[] }) {
    const res = await this.fetch(`/api/projects/${projectId}/save`, { method: "POST", body: JSON.stringify({ baseSnapshotId, changes }) });
    const text = await res.text();
    if (!res.ok) throw new Error(`save: ${res.status} ${text.slice(0, 300)}`);
    const { snapshotId } = JSON.parse(text) as { snapshotId: string };
    return { snapshotId, bytes: Buffer.byteLength(text), serverTiming: parseServerTiming(res.headers.get("server-timing")) };
  }

  /** A project holding `files`, imported in saves of 500 files; returns its head. */
  async importProject(name: string, files: { path: string; content: string }[]): Promise<{ projectId: string; head: string }> {
    const project = await this.createProject(name);
    let head = project.headSnapshotId;
    for (let i = 0; i < files.length; i += 500) {
      const changes = files.slice(i, i + 500).map((f) => ({ type: "write", path: f.path, content: f.content }));
      head = (await this.save({ projectId: project.id, baseSnapshotId: head, changes })).snapshotId;
    }
    return { projectId: project.id, head: head! };
  }
}

/** `auth;dur=1.2, save;dur=3.4` → { auth: 1.2, save: 3.4 }. */
export function parseServerTiming(header: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of header?.split(",") ?? []) {
    const [name, ...params] = part.trim().split(";");
    const dur = params.map((p) => /^dur=([\d.]+)$/.exec(p.trim())?.[1]).find(Boolean);
    if (name && dur) out[name] = Number(dur);
  }
  return out;
}
