// Reading a whole snapshot as a browser seeding WebContainer does: GET …/snapshots/:id/content over
// HTTP (session cookie, auth and access checks, the streamed response, decoded frame by frame), beside
// `git checkout` of the same project into an empty folder, in the same run. The server is the app's
// edge and route handlers on a loopback port, in a process of its own (as a browser and a server are).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createSnapshotDecoder } from "@/lib/validation/snapshot-content";
import { adminDatabaseUrl, withThrowawayDatabase } from "../lib/throwaway-database";
import { generateProject, projectShape, totalBytes, writeProject } from "./generate-project";
import { checkoutInto, commitAll, initRepo } from "./git";
import { cell, describeMachine, formatBytes, formatCount, formatMs, markdownTable, ratio, writeSection } from "./report";
import { repeat, summarize, timed, type Summary } from "./stats";

const runs = 7;
const port = 3330;
const serverFlag = "--snapshot-read-server";
// The old path (one GET …/files/raw per file, 6 at a time, a browser's per-host limit): slow, so once.
const perFileConcurrency = 6;

type Route = { pattern: RegExp; names: string[]; load: () => Promise<Record<string, unknown>> };
type WebHandler = (req: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** The routes a browser uses to sign up, import a project and read it; each as Next would call it. */
const routes: Route[] = [
  { pattern: /^\/api\/auth\/(.+)$/, names: ["all"], load: () => import("@/app/api/auth/[...all]/route") },
  { pattern: /^\/api\/projects$/, names: [], load: () => import("@/app/api/projects/route") },
  { pattern: /^\/api\/projects\/([^/]+)\/save$/, names: ["projectId"], load: () => import("@/app/api/projects/[projectId]/save/route") },
  { pattern: /^\/api\/projects\/([^/]+)\/files\/raw$/, names: ["projectId"], load: () => import("@/app/api/projects/[projectId]/files/raw/route") },
  { pattern: /^\/api\/projects\/([^/]+)\/files$/, names: ["projectId"], load: () => import("@/app/api/projects/[projectId]/files/route") },
  {
    pattern: /^\/api\/projects\/([^/]+)\/snapshots\/([^/]+)\/content$/,
    names: ["projectId", "snapshotId"],
    load: () => import("@/app/api/projects/[projectId]/snapshots/[snapshotId]/content/route"),
  },
];

/** The server process: the app's edge, then the route handlers, streaming requests and responses both ways. */
async function serve() {
  const { createEdgeHandler } = await import("../../server/edge");
  const origin = `http://127.0.0.1:${port}`;
  const server = createServer(
    createEdgeHandler({
      trustedProxyHops: 0,
      handle: async (req, res) => {
        try {
          const url = new URL(req.url ?? "/", origin);
          if (url.pathname.startsWith("/__bench/in-process/")) return void (await inProcessRead(url.pathname.split("/").at(-1)!, res));
          const route = routes.find((r) => r.pattern.test(url.pathname));
          const handler = route && ((await route.load())[req.method ?? "GET"] as WebHandler | undefined);
          if (!route || !handler) return void res.writeHead(404).end();
          const match = route.pattern.exec(url.pathname)!;
          const params = Object.fromEntries(route.names.map((name, i) => [name, name === "all" ? match[i + 1]!.split("/") : decodeURIComponent(match[i + 1]!)]));
          const headers = new Headers();
          for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, [value].flat().join(", "));
          const hasBody = req.method !== "GET" && req.method !== "HEAD";
          const request = new Request(url, {
            method: req.method,
            headers,
            body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
            ...(hasBody ? { duplex: "half" } : {}),
          } as RequestInit);
          const response = await handler(request, { params: Promise.resolve(params) });
          const out: Record<string, string | string[]> = {};
          response.headers.forEach((value, name) => {
            if (name !== "set-cookie") out[name] = value;
          });
          if (response.headers.getSetCookie().length) out["set-cookie"] = response.headers.getSetCookie();
          res.writeHead(response.status, out);
          if (response.body) await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), res);
          else res.end();
        } catch (error) {
          console.error("bench server:", error);
          if (!res.headersSent) res.writeHead(599);
          res.end();
        }
      },
    }),
  );
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  console.log("listening");
}

/** The breakdown: the same read in the server process, without HTTP, auth or a client decoding it. */
async function inProcessRead(snapshotId: string, res: import("node:http").ServerResponse) {
  const { getDb } = await import("@/lib/db/client");
  const { readSnapshotContent } = await import("@/lib/snapshots/read-stream");
  const snapshot = await (await getDb()).snapshot.findUniqueOrThrow({ where: { id: snapshotId } });
  const { ms, value: bytes } = await timed(async () => {
    const { body } = await readSnapshotContent({ rootTree: snapshot.rootTree });
    let total = 0;
    for await (const chunk of chunksOf(body)) total += chunk.byteLength;
    return total;
  });
  res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ms, bytes }));
}

async function* chunksOf(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
}

type Server = { base: string; stop: () => Promise<void> };

async function startServer(env: Record<string, string>): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(process.cwd(), "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/bench/snapshot-read-bench.ts", serverFlag],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the bench server exited with ${code} before listening`)));
    child.stdout!.on("data", (data: Buffer) => {
      if (data.toString().includes("listening")) resolve();
      else process.stdout.write(data);
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.removeAllListeners("exit");
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** A browser's session: sign up, then every request carries the cookie (and Origin on writes). */
async function signUp(base: string) {
  const res = await fetch(`${base}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ email: `bench-${Date.now()}@example.test`, password: "correct horse battery", name: "Bench" }),
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const request = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(`${base}${url}`, { ...init, headers: { cookie, origin: base, ...init.headers } });
    if (!response.ok && response.status !== 304) throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} ${await response.text()}`);
    return response;
  };
  const json = async <T>(url: string, body: unknown): Promise<T> =>
    (await request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).json() as Promise<T>;
  return { request, json };
}

/** Reads a content response to its end as the browser does, frame by frame; file count and file bytes. */
async function readFrames(res: Response) {
  const decoder = createSnapshotDecoder();
  const sizeByHash = new Map<string, number>();
  let files = 0;
  let bytes = 0;
  for await (const chunk of chunksOf(res.body!)) {
    for (const frame of decoder.push(chunk)) {
      if (frame.type === "blob") sizeByHash.set(frame.hash, frame.bytes.byteLength);
      else if (frame.type === "file") {
        files += 1;
        bytes += sizeByHash.get(frame.hash)!;
      }
    }
  }
  decoder.finish();
  return { files, bytes, blobs: sizeByHash.size };
}

type DatabaseResult = {
  database: string;
  whole: { ours: Summary; git: Summary; perRun: Summary; responseBytes: number };
  revalidate: Summary;
  oneMissing: { ms: Summary; responseBytes: number };
  inProcess: Summary;
  perFile: number;
};

async function measure({ database, env }: { database: string; env: Record<string, string> }): Promise<DatabaseResult> {
  const files = generateProject();
  const work = await mkdtemp(path.join(tmpdir(), "bench-snapshot-read-"));
  const server = await startServer(env);
  try {
    const repo = path.join(work, "repo");
    await writeProject(repo, files);
    initRepo(repo);
    commitAll(repo, "Import");

    console.log(`  snapshot read (${database}): importing ${files.length} files over HTTP…`);
    const client = await signUp(server.base);
    const { project } = await client.json<{ project: { id: string; headSnapshotId: string } }>("/api/projects", { name: "bench" });
    const changes = files.map((f) => ({ type: "write", path: f.path, content: f.content, encoding: "utf8" }));
    const { snapshotId } = await client.json<{ snapshotId: string }>(`/api/projects/${project.id}/save`, { baseSnapshotId: project.headSnapshotId, changes });
    const contentUrl = `/api/projects/${project.id}/snapshots/${snapshotId}/content`;
    const expected = { files: files.length, bytes: totalBytes(files) };

    let responseBytes = 0;
    const ourRead = async () => {
      const res = await client.request(contentUrl);
      responseBytes = Number(res.headers.get("content-length"));
      const got = await readFrames(res);
      if (got.files !== expected.files || got.bytes !== expected.bytes)
        throw new Error(`Read ${got.files} files / ${got.bytes} bytes; the project has ${expected.files} / ${expected.bytes}`);
    };
    let checkouts = 0;
    const gitCheckout = async () => {
      const target = path.join(work, `checkout-${++checkouts}`);
      await mkdir(target);
      const { ms } = await timed(() => checkoutInto({ repo, target, index: `${target}.index` }));
      await rm(target, { recursive: true, force: true });
      await rm(`${target}.index`, { force: true });
      return ms;
    };
    console.log(`  snapshot read (${database}): ${runs} runs, ours and git alternating…`);
    const whole = await repeat(runs, async (run) => {
      // Alternate which side goes first, so neither always runs on a warmer (or busier) machine.
      if (run % 2 === 0) {
        const ours = (await timed(ourRead)).ms;
        return { ours, git: await gitCheckout() };
      }
      const git = await gitCheckout();
      return { ours: (await timed(ourRead)).ms, git };
    });

    const etag = (await client.request(contentUrl)).headers.get("etag")!;
    const revalidate = await repeat(runs, async () => {
      const { ms, value } = await timed(() => client.request(contentUrl, { headers: { "if-none-match": etag } }));
      if (value.status !== 304) throw new Error(`Revalidation answered ${value.status}, not 304`);
      return ms;
    });

    // A second seed after a one-file save: the browser holds every other blob.
    const edited = { ...files[0]!, content: `${files[0]!.content}// edited\n` };
    const saved = await client.json<{ snapshotId: string; changes: { hash?: string }[] }>(`/api/projects/${project.id}/save`, {
      baseSnapshotId: snapshotId,
      changes: [{ type: "write", path: edited.path, content: edited.content, encoding: "utf8" }],
    });
    const missing = saved.changes.flatMap((c) => (c.hash ? [c.hash] : []));
    let oneMissingBytes = 0;
    const oneMissing = await repeat(runs, async () => {
      const { ms } = await timed(async () => {
        const res = await client.request(`/api/projects/${project.id}/snapshots/${saved.snapshotId}/content`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ hashes: missing }),
        });
        oneMissingBytes = Number(res.headers.get("content-length"));
        const got = await readFrames(res);
        if (got.blobs !== 1) throw new Error(`Asked for 1 blob, got ${got.blobs}`);
      });
      return ms;
    });

    const inProcess = await repeat(runs, async () => {
      const res = await fetch(`${server.base}/__bench/in-process/${snapshotId}`);
      return ((await res.json()) as { ms: number }).ms;
    });

    console.log(`  snapshot read (${database}): the old path once (one request per file)…`);
    const listing = await (await client.request(`/api/projects/${project.id}/files`)).json() as { entries: { path: string; kind: string }[] };
    const paths = listing.entries.filter((e) => e.kind === "file").map((e) => e.path);
    const perFile = await timed(async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: perFileConcurrency }, async () => {
          while (next < paths.length) {
            const q = new URLSearchParams({ path: paths[next++]!, snapshotId });
            await (await client.request(`/api/projects/${project.id}/files/raw?${q}`)).arrayBuffer();
          }
        }),
      );
    });

    return {
      database,
      whole: { ours: summarize(whole.map((w) => w.ours)), git: summarize(whole.map((w) => w.git)), perRun: summarize(whole.map((w) => w.ours / w.git)), responseBytes },
      revalidate: summarize(revalidate),
      oneMissing: { ms: summarize(oneMissing), responseBytes: oneMissingBytes },
      inProcess: summarize(inProcess),
      perFile: perFile.ms,
    };
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

function section(machine: string, results: [string, DatabaseResult | string][]): string {
  const rows = results.flatMap(([label, r]) => {
    if (typeof r === "string") return [[label, `not measured: ${r}`, "", "", ""]];
    const git = r.whole.git;
    const once = (ms: number) => ({ median: ms, min: ms, max: ms, runs: 1 });
    return [
      [label, `Whole snapshot: GET …/content, ${formatBytes(r.whole.responseBytes)} streamed and decoded`, cell(r.whole.ours, formatMs), cell(git, formatMs), `**${ratio(r.whole.ours, git)}** (runs ${r.whole.perRun.min.toFixed(2)}–${r.whole.perRun.max.toFixed(2)})`],
      [label, "Breakdown: the same read in-process (no HTTP, auth or decoding)", cell(r.inProcess, formatMs), cell(git, formatMs), ratio(r.inProcess, git)],
      [label, "Second seed, nothing changed: If-None-Match → 304", cell(r.revalidate, formatMs), cell(git, formatMs), ratio(r.revalidate, git)],
      [label, `Second seed after a one-file save: POST …/content with the 1 missing hash (${formatBytes(r.oneMissing.responseBytes)})`, cell(r.oneMissing.ms, formatMs), cell(git, formatMs), ratio(r.oneMissing.ms, git)],
      [label, `Before: one GET …/files/raw per file, ${perFileConcurrency} at a time (1 run)`, formatMs(r.perFile), cell(git, formatMs), ratio(once(r.perFile), git)],
    ];
  });
  const first = results.map(([, r]) => r).find((r): r is DatabaseResult => typeof r !== "string");
  return `
_${machine}_

Project: ${formatCount(2000)} files, ${first ? formatBytes(totalBytes(generateProject())) : "~22 MB"}, three levels of folders
(${projectShape.fanOut}×${projectShape.fanOut}×${projectShape.fanOut}), seed ${projectShape.seed}, imported through \`POST …/save\`. ${runs} runs after one warm-up; ours and git alternate which goes first.

${markdownTable(["Database", "What", "Ours (HTTP): median (min–max)", "git checkout: median (min–max)", "Ours ÷ git"], rows)}

- **Ours** – Node's fetch (keep-alive) on 127.0.0.1 with a better-auth session cookie, against the app's edge
  (server/edge.ts) and route handlers in a server process of their own (tsx, port ${port}): the session lookup,
  project access, snapshot row, tree walk and blob reads are all in the figure, until the last frame has been
  decoded and every file counted and checked against the project (count and bytes). Files stay in memory, as
  the browser hands them to WebContainer's \`mount\`; git writes them to disk.
- **git** – \`git checkout HEAD -- .\` into an empty folder with its own index, in a repository of the same files
  (loose objects, as after \`git add -A && git commit\`).
- **Goal** (issue 9): seeding a 2,000-file project ≤ 2× \`git checkout\`. Before this route the browser read one
  file per request (last row).
`;
}

export async function runSnapshotReadBench(file: string): Promise<(DatabaseResult | string)[]> {
  const attempt = async (run: () => Promise<DatabaseResult>) => {
    try {
      return await run();
    } catch (error) {
      console.error("snapshot read benchmark failed:", error);
      return error instanceof Error ? error.message.split("\n")[0]! : String(error);
    }
  };
  const postgres = await attempt(() =>
    withThrowawayDatabase({
      adminUrl: adminDatabaseUrl(),
      name: `bench_read_${process.pid}_${Date.now()}`,
      run: (url) => measure({ database: "PostgreSQL", env: { DATABASE_URL: url } }),
    }),
  );
  const pglite = await attempt(() => measure({ database: "PGlite", env: { DATABASE_URL: "", PGLITE_DIR: "memory://" } }));
  const body = section(describeMachine(), [["PostgreSQL", postgres], ["PGlite", pglite]]);
  writeSection(file, "Whole-snapshot read over HTTP vs git checkout", body);
  console.log(body);
  return [postgres, pglite];
}

if (process.argv[2] === serverFlag) await serve();
