// The app's server: `npm start` (production) and `npm run dev` run this instead of `next start`,
// so every request passes server/edge.ts, which Next's own server offers no hook for.
// Flags as `next start`: -p/--port (or PORT), -H/--hostname (or HOSTNAME), plus --dev.
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { trustedProxyHopsSchema } from "../lib/net/client-address";
import { createEdgeHandler } from "./edge";

const { values } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
    dev: { type: "boolean", default: false },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
// Like `next start`: every interface unless told otherwise.
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
const trustedProxyHops = trustedProxyHopsSchema.parse(process.env.TRUSTED_PROXY_HOPS);
// The bundle runs from node_modules/.cache/server; the app is the repository root.
const dir = path.resolve(import.meta.dirname, "../../..");

// As `next start` and `next dev` do, before Next (and better-auth) read it.
(process.env as Record<string, string>).NODE_ENV ??= values.dev ? "development" : "production";
const { default: next } = await import("next");
const app = next({ dev: values.dev, dir, hostname, port });
await app.prepare();
const server = createServer(createEdgeHandler({ handle: app.getRequestHandler(), trustedProxyHops }));
server.listen(port, hostname === "0.0.0.0" ? undefined : hostname, () => {
  console.log(`Ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}` + (trustedProxyHops ? ` (behind ${trustedProxyHops} trusted proxy hop(s))` : ""));
});

for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
  });
