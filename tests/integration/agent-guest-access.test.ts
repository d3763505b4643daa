import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import { startEdgeServer } from "../support/edge-server";

// Calls without a token, through the app's edge, which works out the caller's address from the
// connection. `loopback` is the default on the zero-setup install (embedded database); with
// DATABASE_URL the default is off, so there the tests ask for loopback.
const embedded = !process.env.DATABASE_URL;
const handle = (req: Request) => agent(req, { params: Promise.resolve({}) });
const servers: { close: () => Promise<void> }[] = [];
const start = async (trustedProxyHops = 0) => {
  const server = await startEdgeServer({ handle, trustedProxyHops });
  servers.push(server);
  return server.origin;
};

async function ask(origin: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${origin}/api/agent`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ prompt: "execute code\n```js\nconst a = 5; const b = 10; a + b;\n```" }),
  });
  return { status: res.status, body: (await res.json()) as { response?: string; error?: { code: string; message: string } } };
}

describe("POST /api/agent without a token", () => {
  beforeEach(() => {
    if (!embedded) process.env.AGENT_API_GUEST = "loopback";
  });
  afterEach(() => {
    delete process.env.AGENT_API_GUEST;
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it("runs for a caller on this machine, as the seed's curl examples do", async () => {
    const { status, body } = await ask(await start());
    expect(status).toBe(200);
    expect(body.response).toContain("15");
  });

  it("runs for a loopback caller whatever X-Forwarded-For it claims", async () => {
    const { status } = await ask(await start(), { "x-forwarded-for": "203.0.113.9" });
    expect(status).toBe(200);
  });

  it("is refused for a caller elsewhere, with how to get a token", async () => {
    // Behind one trusted proxy, the proxy's entry names a caller on another machine.
    const { status, body } = await ask(await start(1), { "x-forwarded-for": "203.0.113.9" });
    expect(status).toBe(401);
    expect(body.error?.message).toMatch(/create a token under Settings → API tokens/);
  });

  it(`is ${embedded ? "taken from loopback" : "off"} by default ${embedded ? "on the embedded database" : "with DATABASE_URL"}`, async () => {
    delete process.env.AGENT_API_GUEST;
    expect((await ask(await start())).status).toBe(embedded ? 200 : 401);
  });

  it("is taken from anywhere with AGENT_API_GUEST=anywhere, and from nowhere with off", async () => {
    const origin = await start(1);
    process.env.AGENT_API_GUEST = "anywhere";
    expect((await ask(origin, { "x-forwarded-for": "203.0.113.9" })).status).toBe(200);
    process.env.AGENT_API_GUEST = "off";
    expect((await ask(await start())).status).toBe(401);
  });
});
