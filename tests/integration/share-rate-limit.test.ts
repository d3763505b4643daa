import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppClient, startInstancesOnFreshDatabase } from "../support/app-instances";

// Share links and invitations opened with tokens that do not work (wrong, revoked, expired), through
// two app instances — processes of their own on one fresh Postgres database — from one client
// address: the misses are counted in the database, so the limit holds across both, and a token
// that works still opens past it.

const ports = [3349, 3350];
const max = 3;

let stopInstances: (() => Promise<void>) | undefined;
let onA: AppClient;
let onB: AppClient;
let origins: string[] = [];

const wrongToken = () => randomBytes(32).toString("base64url");

type Answer = { status: number; retryAfter: string | null; code: string | undefined; message: string | undefined };

async function answer(res: Response): Promise<Answer> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  return { status: res.status, retryAfter: res.headers.get("retry-after"), code: body.error?.code, message: body.error?.message };
}

/** Opens a share link anonymously, as a visitor's browser would. */
const openLink = async (origin: string, token: string) => answer(await fetch(`${origin}/api/share/${token}`));

describe.skipIf(!process.env.DATABASE_URL)("token miss limits across two instances", () => {
  beforeAll(async () => {
    const started = await startInstancesOnFreshDatabase({
      kind: "routes",
      ports,
      name: "ide_test_misses",
      env: { LINK_RATE_LIMIT_MAX: String(max), LINK_RATE_LIMIT_WINDOW: "600" },
    });
    stopInstances = started.stop;
    origins = started.instances.map((i) => i.origin);
    onA = await AppClient.signUp(origins[0]!);
    onB = onA.on(origins[1]!);
  }, 240_000);

  afterAll(async () => {
    await stopInstances?.();
  });

  it("answers 429 with Retry-After after LINK_RATE_LIMIT_MAX wrong or revoked links from one address, on either instance; a working link still opens", async () => {
    const project = await onA.createProject("Shared with a limit");
    const { token } = await onA.json<{ token: string }>(`/api/projects/${project.id}/links`, { method: "POST", body: JSON.stringify({ access: "view" }) });
    const revoked = await onA.json<{ token: string; link: { id: string } }>(`/api/projects/${project.id}/links`, { method: "POST", body: JSON.stringify({ access: "view" }) });
    await onB.json(`/api/projects/${project.id}/links/${revoked.link.id}`, { method: "DELETE" });

    // Working links never count, however often they open.
    for (const origin of [...origins, ...origins, ...origins]) expect((await openLink(origin, token)).status).toBe(200);

    const misses: Answer[] = [];
    for (const [i, t] of [wrongToken(), revoked.token, wrongToken(), wrongToken(), revoked.token].entries()) misses.push(await openLink(origins[i % 2]!, t));
    expect(misses.map((m) => m.status)).toEqual([404, 404, 404, 429, 429]);
    expect(misses[0]!.code).toBe("not_found:link");
    const limited = misses[3]!;
    expect(limited.code).toBe("rate_limited:share-link");
    expect(limited.message).toMatch(/Too many links that do not work .* wait \d+ s/);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(600);

    for (const origin of origins) expect((await openLink(origin, token)).status).toBe(200);
  });

  it("limits invitation misses the same way, counted apart from links; the invited person still joins past it", async () => {
    const { workspace } = await onA.json<{ workspace: { id: string } }>("/api/workspaces", { method: "POST", body: JSON.stringify({ name: "Limited team" }) });
    const invitee = await AppClient.signUp(origins[1]!);
    const { user } = await invitee.json<{ user: { email: string } }>("/api/auth/get-session");
    const { invitation } = await onA.json<{ invitation: { token: string } }>(`/api/workspaces/${workspace.id}/invitations`, {
      method: "POST",
      body: JSON.stringify({ email: user.email, role: "editor" }),
    });

    const misses: Answer[] = [];
    for (let i = 0; i < max + 2; i++) misses.push(await answer(await invitee.on(origins[i % 2]!).fetch(`/api/invitations/${wrongToken()}/accept`, { method: "POST" })));
    expect(misses.map((m) => m.status)).toEqual([404, 404, 404, 429, 429]);
    expect(misses[3]!.code).toBe("rate_limited:invitation");
    expect(Number(misses[3]!.retryAfter)).toBeGreaterThan(0);

    const accepted = await invitee.on(origins[0]!).fetch(`/api/invitations/${invitation.token}/accept`, { method: "POST" });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ workspaceId: workspace.id, role: "editor" });
  });
});
