// An app instance without Next: a loopback HTTP server that passes every request through the real
// edge (server/edge.ts) to the real route handlers of app/api, streaming their responses (SSE
// included). What it leaves out is Next's router and its render machinery, which an API request
// does not use beyond finding the handler. Run as a process of its own, one per "instance":
//   node --import tsx --conditions=react-server tests/support/route-server.ts --port 3342
// It prints "Ready on <origin>" once listening, and reads DATABASE_URL / PGLITE_DIR like the app.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { createEdgeHandler } from "@/server/edge";

type Params = Record<string, string | string[]>;
type RouteModule = Partial<Record<string, (req: Request, context: { params: Promise<Params> }) => Promise<Response>>>;

/** The routes the instance serves, as app/api lays them out ([name] one segment, [...name] the rest). */
const routes: [pattern: string, load: () => Promise<object>][] = [
  ["/api/auth/[...all]", () => import("@/app/api/auth/[...all]/route")],
  ["/api/tokens", () => import("@/app/api/tokens/route")],
  ["/api/agent", () => import("@/app/api/agent/route")],
  ["/api/projects", () => import("@/app/api/projects/route")],
  ["/api/projects/[projectId]", () => import("@/app/api/projects/[projectId]/route")],
  ["/api/projects/[projectId]/save", () => import("@/app/api/projects/[projectId]/save/route")],
  ["/api/projects/[projectId]/head", () => import("@/app/api/projects/[projectId]/head/route")],
  ["/api/projects/[projectId]/files", () => import("@/app/api/projects/[projectId]/files/route")],
  ["/api/projects/[projectId]/files/raw", () => import("@/app/api/projects/[projectId]/files/raw/route")],
  ["/api/projects/[projectId]/fork", () => import("@/app/api/projects/[projectId]/fork/route")],
  ["/api/projects/[projectId]/blobs/[hash]", () => import("@/app/api/projects/[projectId]/blobs/[hash]/route")],
  ["/api/projects/[projectId]/history", () => import("@/app/api/projects/[projectId]/history/route")],
  ["/api/projects/[projectId]/history/diff", () => import("@/app/api/projects/[projectId]/history/diff/route")],
  ["/api/projects/[projectId]/history/restore", () => import("@/app/api/projects/[projectId]/history/restore/route")],
  ["/api/projects/[projectId]/export", () => import("@/app/api/projects/[projectId]/export/route")],
  ["/api/import", () => import("@/app/api/import/route")],
  ["/api/projects/[projectId]/links", () => import("@/app/api/projects/[projectId]/links/route")],
  ["/api/projects/[projectId]/links/[linkId]", () => import("@/app/api/projects/[projectId]/links/[linkId]/route")],
  ["/api/workspaces", () => import("@/app/api/workspaces/route")],
  ["/api/workspaces/[workspaceId]/invitations", () => import("@/app/api/workspaces/[workspaceId]/invitations/route")],
  ["/api/invitations/[token]/accept", () => import("@/app/api/invitations/[token]/accept/route")],
  ["/api/share/[token]", () => import("@/app/api/share/[token]/route")],
  ["/api/share/[token]/files", () => import("@/app/api/share/[token]/files/route")],
  ["/api/projects/[projectId]/agent/sessions/[sessionId]", () => import("@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route")],
  ["/api/projects/[projectId]/agent/sessions/[sessionId]/stop", () => import("@/app/api/projects/[projectId]/agent/sessions/[sessionId]/stop/route")],
  ["/api/projects/[projectId]/agent/sessions/[sessionId]/stream", () => import("@/app/api/projects/[projectId]/agent/sessions/[sessionId]/stream/route")],
  ["/api/projects/[projectId]/agent/turns/[turnId]/changes", () => import("@/app/api/projects/[projectId]/agent/turns/[turnId]/changes/route")],
];

// A dynamic import of a module already loaded still goes through tsx's loader hooks: once per route.
const loaded = new Map<() => Promise<object>, Promise<object>>();
function loadOnce(load: () => Promise<object>) {
  let routeModule = loaded.get(load);
  if (!routeModule) loaded.set(load, (routeModule = load()));
  return routeModule;
}

function match(pattern: string, path: string): Params | null {
  const want = pattern.split("/").slice(1);
  const got = path.split("/").slice(1).map(decodeURIComponent);
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    const rest = /^\[\.\.\.(\w+)\]$/.exec(segment);
    if (rest) {
      if (got.length <= i) return null;
      params[rest[1]!] = got.slice(i);
      return params;
    }
    const one = /^\[(\w+)\]$/.exec(segment);
    if (got[i] === undefined) return null;
    if (one) params[one[1]!] = got[i]!;
    else if (segment !== got[i]) return null;
  }
  return got.length === want.length ? params : null;
}

async function toWebRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, [value].flat().join(", "));
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body, signal });
}

/** Writes the response as it is produced, so an event stream reaches the client event by event. */
async function sendStreaming(res: ServerResponse, response: Response) {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  if (!response.body) return void res.end();
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    res.write(value);
  }
  res.end();
}

export async function startRouteServer({ port = 0, hostname = "127.0.0.1" }: { port?: number; hostname?: string } = {}) {
  let origin = "";
  const server = createServer(
    createEdgeHandler({
      trustedProxyHops: 0,
      handle: async (req, res) => {
        const aborted = new AbortController();
        res.once("close", () => aborted.abort());
        try {
          const path = (req.url ?? "/").split("?")[0]!;
          const found = routes.map(([pattern, load]) => ({ load, params: match(pattern, path) })).find((r) => r.params);
          const handler = found && ((await loadOnce(found.load)) as RouteModule)[req.method ?? "GET"];
          if (!found || !handler) {
            res.writeHead(404, { "content-type": "application/json" });
            return void res.end(JSON.stringify({ error: { code: "not_found:route", message: `No route for ${req.method} ${path} here` } }));
          }
          const response = await handler(await toWebRequest(req, origin, aborted.signal), { params: Promise.resolve(found.params!) });
          await sendStreaming(res, response);
        } catch (error) {
          if (!res.headersSent) res.statusCode = 599;
          res.end(String(error));
        }
      },
    }),
  );
  server.keepAliveTimeout = 60_000;
  server.listen(port, hostname);
  await once(server, "listening");
  origin = `http://${hostname}:${(server.address() as AddressInfo).port}`;
  return { origin, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { port: { type: "string", short: "p" } } });
  const { origin, server } = await startRouteServer({ port: Number(values.port ?? 0) });
  console.log(`Ready on ${origin}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      server.closeAllConnections();
      server.close();
      process.exit(0);
    });
}
