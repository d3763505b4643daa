import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createEdgeHandler } from "@/server/edge";

type WebHandler = (req: Request) => Promise<Response>;

async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, [value].flat().join(", "));
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers, body });
}

async function sendWebResponse(res: ServerResponse, response: Response) {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("set-cookie", cookies);
  res.end(Buffer.from(await response.arrayBuffer()));
}

/**
 * A loopback HTTP server that passes every request through the app's real edge (server/edge.ts),
 * then hands it to `handle` as a web Request, as Next would hand it to a route handler.
 */
export async function startEdgeServer({ handle, trustedProxyHops = 0 }: { handle: WebHandler; trustedProxyHops?: number }) {
  let origin = "";
  const server = createServer(
    createEdgeHandler({
      trustedProxyHops,
      handle: async (req, res) => {
        try {
          await sendWebResponse(res, await handle(await toWebRequest(req, origin)));
        } catch (error) {
          res.statusCode = 599;
          res.end(String(error));
        }
      },
    }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
