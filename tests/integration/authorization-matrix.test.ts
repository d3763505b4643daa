import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { inBackground } from "@/lib/background-work";
import { createPreviewToken } from "@/lib/auth/preview-token";
import { matrixFingerprint } from "./matrix-fingerprint";
import { leastRole, linkToken, rows, type Access, type Row } from "./matrix-routes";
import { buildWorld, callerNames, loadRoute, routeModules, type MatrixCaller, type World } from "./matrix-world";
import { withOwnDatabase } from "./own-database";
import { holdUpkeepWhileFileRuns } from "./row-changes";

// Every route handler under app/api, every page that loads project data on the server, and the
// head channel, asked by every kind of caller the issue names. Each cell's expected outcome follows
// from the row's access and the caller (see `expected`): allowed, or refused with the listed status
// and then with no row changed; and no answer to a caller who may not read the project contains
// anything of it. A route or page without a row fails the suite.

vi.hoisted(() => {
  // Sign-in limits and the limit on wrong link tokens would answer 429 long before the matrix is
  // through (every cell comes from one address); they have tests of their own.
  process.env.AUTH_RATE_LIMIT_MAX = "100000";
  process.env.LINK_RATE_LIMIT_MAX = "100000";
});

// Pages read the request's headers through next/headers; the cell sets them. The client
// components they render are replaced: what a page hands them is what the matrix inspects.
const page = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => page.headers, cookies: async () => ({ get: () => undefined }) }));
vi.mock("@/components/workspace/ide-workspace", () => ({ IdeWorkspace: () => null }));
vi.mock("@/components/workspace/project-dashboard", () => ({ ProjectDashboard: () => null }));
vi.mock("@/components/auth/signed-in-header", () => ({ SignedInHeader: () => null }));
vi.mock("@/components/settings/api-tokens-panel", () => ({ ApiTokensPanel: () => null }));

type Expected = {
  /** yes: 2xx (or the row's `also`); no: one of `refusedWith`; either: any of those. */
  allow: "yes" | "no" | "either";
  refusedWith: number[];
  /** Whether the answer may hold anything of the team's project. */
  mayRead: boolean;
};

const rank = { viewer: 1, editor: 2, admin: 3, owner: 4 } as const;
const allowed = (mayRead: boolean): Expected => ({ allow: "yes", refusedWith: [], mayRead });
const refused = (refusedWith: number[], mayRead = false): Expected => ({ allow: "no", refusedWith, mayRead });

/** The table: what each kind of caller gets from each kind of row. */
function expected(access: Access, caller: MatrixCaller, beyondTeam = false): Expected {
  const member = caller.role !== null;
  // A token scoped to the team reaches nothing beyond it: another workspace is hidden from it.
  if (beyondTeam && caller.scope === "team") return refused([404], true);
  if (access in leastRole) {
    // Signed out (link visitors included): sign in first. Signed in, or a token, without access: hidden.
    if (!caller.role) return refused(caller.via === "none" ? [401] : [404]);
    const least = leastRole[access]!;
    if (rank[caller.role] >= rank[least.role]) return allowed(true);
    return refused([least.hiddenBelow ? 404 : 403], true);
  }
  switch (access) {
    case "self":
      // A token works wherever its user's session does, listing and creating included.
      return caller.via === "none" ? refused([401]) : allowed(member);
    case "new team":
      if (caller.via === "none") return refused([401]);
      return caller.scope ? refused([403]) : allowed(false);
    case "account":
      if (caller.via === "bearer") return { allow: "either", refusedWith: [401, 403], mayRead: false };
      return caller.via === "session" ? allowed(member) : refused([401]);
    case "owner's token":
      if (caller.name === "owner") return allowed(false);
      // The scoped token is the owner's own: whether a token may revoke tokens is the token feature's call.
      if (caller.via === "bearer" && caller.userId === callerOf("owner").userId) return { allow: "either", refusedWith: [401, 403], mayRead: false };
      return refused(caller.via === "none" ? [401] : [401, 403, 404]);
    case "public":
      return allowed(false);
    case "session":
      return caller.via === "session" ? allowed(false) : refused([401]);
    case "preview grant":
      return member || caller.link?.usable ? allowed(true) : refused([404]);
    case "link":
      // Revoked, expired and wrong tokens answer alike, signed in or not.
      return caller.link?.usable ? allowed(true) : refused([404]);
    case "link fork":
      if (!caller.link?.usable) return refused([404]);
      if (caller.link.access === "view") return refused([403], true);
      return caller.via === "session" ? allowed(true) : refused([401], true);
    case "link run":
      if (!caller.link?.usable) return refused([404]);
      return caller.via === "session" ? allowed(true) : refused([401], true);
    case "invitation":
      // Nobody here has the invited email; the invitation must not even show its workspace. Only a
      // signed-in browser may accept one: any API token is refused before the invitation is looked up.
      if (caller.via === "bearer") return refused([403]);
      return refused(caller.via === "none" ? [401] : [403, 404]);
    case "invitation page":
      // Whoever holds the link sees which workspace it invites to (and is told to switch accounts).
      return caller.via === "session" ? allowed(true) : refused([401]);
  }
  throw new Error(`no expectation for ${access}`);
}

// ---- pages --------------------------------------------------------------------------------------

type PageRow = { file: string; access: Access; params?: (w: World, caller: MatrixCaller) => Record<string, string> } | { file: string; loadsNoProjectData: string };

const pageRows: PageRow[] = [
  { file: "app/(ide)/projects/[projectId]/page.tsx", access: "read", params: (w) => ({ projectId: w.projectId }) },
  { file: "app/(ide)/projects/page.tsx", access: "self" },
  // The settings page shows the caller's tokens and workspaces (the team's name to its members).
  { file: "app/(ide)/settings/page.tsx", access: "self" },
  // A share link's page: no sign-in needed, and a wrong token (everyone without a link) is a 404.
  { file: "app/s/[token]/page.tsx", access: "link", params: linkToken },
  // Not allowed answers like a workspace that does not exist.
  { file: "app/(ide)/workspaces/[workspaceId]/audit/page.tsx", access: "audit page", params: (w) => ({ workspaceId: w.teamWorkspaceId }) },
  { file: "app/(ide)/workspaces/[workspaceId]/members/page.tsx", access: "workspace read", params: (w) => ({ workspaceId: w.teamWorkspaceId }) },
  { file: "app/(ide)/invite/[token]/page.tsx", access: "invitation page", params: (w) => ({ token: w.strangersInvitationToken }) },
  { file: "app/(auth)/sign-in/page.tsx", loadsNoProjectData: "a form" },
  { file: "app/(auth)/sign-up/page.tsx", loadsNoProjectData: "a form" },
  { file: "app/blank/page.tsx", loadsNoProjectData: "an empty page for the preview" },
  { file: "app/page.tsx", loadsNoProjectData: "redirects to /projects or /sign-in" },
];

type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<unknown>;
const pageModules = import.meta.glob<{ default: Page }>("/app/**/page.tsx");

/** Pages take cookies only: a token is for scripts, and a page asked with one sends it to sign in. */
function pageExpected(access: Access, caller: MatrixCaller): Expected {
  if (access === "link") return expected(access, caller);
  if (caller.via !== "session") return refused([401]);
  return expected(access, caller);
}

/** A page's answer as a status: what it rendered is 200, a redirect to sign-in 401, notFound() 404. */
async function renderPage(file: string, headers: Headers, params: Record<string, string>) {
  page.headers = headers;
  const { default: Page } = await pageModules[`/${file}`]!();
  try {
    const element = await Page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
    return { status: 200, text: serialize(element) };
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (digest.startsWith("NEXT_REDIRECT")) return { status: digest.includes("/sign-in") ? 401 : 307, text: digest };
    if (digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;")) return { status: Number(digest.split(";")[1]), text: digest };
    throw error;
  }
}

/** What a page hands its components (props, children), as text to search. */
function serialize(element: unknown): string {
  const seen = new WeakSet();
  return JSON.stringify(element, (key, value) => {
    if (key === "_owner" || key === "_store") return undefined;
    if (value && typeof value === "object") {
      if (seen.has(value)) return undefined;
      seen.add(value);
    }
    return value;
  });
}

// ---- running a cell -----------------------------------------------------------------------------

async function drain(res: Response, live: boolean): Promise<string> {
  // A live channel (the head's) never ends: what it sends first is its answer. Other streams (a
  // turn, a command) end when their work is done and stored, and are read to the end.
  if (live && res.headers.get("content-type")?.startsWith("text/event-stream")) {
    const reader = res.body!.getReader();
    const first = await reader.read();
    await reader.cancel();
    return Buffer.from(first.value ?? []).toString("utf8");
  }
  return Buffer.from(await res.arrayBuffer()).toString("utf8");
}

/**
 * The preview grant a caller can get: minted through the route, or the one their share link gave
 * them, else one for their own account (a browser may hold one from when it could read).
 */
async function previewParams(w: World, caller: MatrixCaller) {
  const route = await loadRoute("app/api/projects/[projectId]/preview-token/route.ts");
  const res = await route.POST!(request("POST", "/api/matrix", caller.headers()), { params: Promise.resolve({ projectId: w.projectId }) });
  const granted = res.ok ? ((await res.json()) as { baseUrl: string }).baseUrl.split("/")[3] : undefined;
  const own = caller.via === "session" ? createPreviewToken({ projectId: w.projectId, userId: caller.userId! }).token : randomBytes(24).toString("base64url");
  return { token: granted ?? caller.link?.previewGrant ?? own, path: [`${w.marker}.txt`] };
}

function request(method: string, urlPath: string, headers: Headers, body?: string | Uint8Array, contentType = "application/json") {
  // As a browser or script sends it: the app's own Origin, JSON (or an upload's own type).
  headers.set("origin", "http://localhost:3000");
  if (body !== undefined) headers.set("content-type", contentType);
  return new Request(new URL(urlPath, "http://localhost:3000"), { method, headers, body: body as BodyInit | undefined });
}

/** The cell's request, with whatever it needs made first (a project to delete, a link to revoke). */
async function prepareCell(row: Row, caller: MatrixCaller, w: World, swap: (params: Record<string, string | string[]>) => Record<string, string | string[]> = (p) => p) {
  const handler = (await loadRoute(row.file))[row.method]!;
  const params = swap(row.access === "preview grant" ? await previewParams(w, caller) : ((await row.params?.(w, caller)) ?? {}));
  const url = new URL(row.urlPath ?? "/api/matrix", "http://localhost:3000");
  for (const [key, value] of Object.entries(row.query?.(w) ?? {})) url.searchParams.set(key, value);
  const body = await row.body?.(w, caller);
  const upload = await row.upload?.();
  const req = upload
    ? request(row.method, url.pathname + url.search, caller.headers(), upload.bytes, upload.contentType)
    : request(row.method, url.pathname + url.search, caller.headers(), body === undefined ? undefined : JSON.stringify(body));
  return async () => {
    const res = await handler(req, { params: Promise.resolve(params) });
    return { status: res.status, text: await drain(res, row.live ?? false) };
  };
}

/** Checks one cell's answer against its expectation; `changed` says whether a row changed meanwhile. */
function verdict(w: World, want: Expected, got: { status: number; text: string }, changed: boolean, also: number[] = []): string[] {
  const problems: string[] = [];
  const passed = (got.status >= 200 && got.status < 300) || also.includes(got.status);
  const refused = want.refusedWith.includes(got.status);
  if (got.status >= 500) problems.push(`answered ${got.status}`);
  else if (want.allow === "yes" && !passed) problems.push(`expected to be allowed, answered ${got.status}`);
  else if (want.allow === "no" && !refused) problems.push(`expected ${want.refusedWith.join(" or ")}, answered ${got.status}`);
  else if (want.allow === "either" && !passed && !refused) problems.push(`expected 2xx or ${want.refusedWith.join(" or ")}, answered ${got.status}`);
  if (!passed && changed) problems.push(`refused with ${got.status}, but rows changed`);
  if (!want.mayRead && got.text.includes(w.marker)) problems.push(`leaked the project's data: ${got.text.slice(0, 300)}`);
  return problems;
}

withOwnDatabase();
holdUpkeepWhileFileRuns();

let world: World;
const callerOf = (name: string) => world.callers.find((c) => c.name === name)!;

beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

const label = (row: Row) => `${row.method} ${row.urlPath ?? row.file.replace(/^app|\/route\.ts$/g, "")} (${row.access})`;

describe("authorization matrix", () => {
  it("has a row for every route file and method under app/api", async () => {
    const routeDir = path.join(process.cwd(), "app", "api");
    const files = (readdirSync(routeDir, { recursive: true }) as string[])
      .filter((f) => path.basename(f) === "route.ts")
      .map((f) => path.posix.join("app/api", f.split(path.sep).join("/")))
      .sort();
    expect(Object.keys(routeModules).map((k) => k.slice(1)).sort()).toEqual(files);
    const exported = (
      await Promise.all(files.map(async (file) => Object.keys(await loadRoute(file)).filter((name) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(name)).map((method) => `${method} ${file}`)))
    ).flat();
    const covered = new Set(rows.map((r) => `${r.method} ${r.file}`));
    expect(exported.filter((route) => !covered.has(route))).toEqual([]);
  });

  it("has a row for every page", () => {
    const covered = new Set(pageRows.map((p) => p.file));
    expect(Object.keys(pageModules).map((k) => k.slice(1)).filter((file) => !covered.has(file))).toEqual([]);
  });

  it("can see a leak and a changed row", async () => {
    const owner = callerOf("owner");
    const files = rows.find((r) => r.file.endsWith("/files/route.ts"))!;
    const read = await (await prepareCell(files, owner, world))();
    expect(verdict(world, { allow: "yes", refusedWith: [], mayRead: false }, read, false)).toEqual([expect.stringContaining("leaked")]);
    const before = await matrixFingerprint();
    await world.newTeamProject();
    expect(await matrixFingerprint()).not.toBe(before);
    const settled = await matrixFingerprint();
    inBackground(new Promise((resolve) => setTimeout(resolve, 300)).then(() => world.newTeamProject()));
    expect(await matrixFingerprint(), "a row written after the answer").not.toBe(settled);
  });

  for (const row of rows)
    describe(label(row), () => {
      for (const name of callerNames)
        it(name, async () => {
          const caller = callerOf(name);
          const want = expected(row.access, caller, row.beyondTeam);
          const send = await prepareCell(row, caller, world);
          const before = want.allow === "yes" ? undefined : await matrixFingerprint();
          const head = await world.head();
          const got = await send();
          // A visitor's run, allowed or not, never saves to the owner's project.
          if (row.access === "link run") expect(await world.head()).toBe(head);
          const changed = before !== undefined && (await matrixFingerprint()) !== before;
          expect(verdict(world, want, got, changed, row.also)).toEqual([]);
        });
    });

  // Probing ids tells someone else nothing: where the project or workspace is hidden from them, a
  // made-up id answers the same, body and all. (A token scoped elsewhere is its owner's, who may
  // learn that their own chat exists; its cells answer 404 all the same.)
  const missing = `c${randomBytes(12).toString("hex")}`;
  for (const row of rows.filter((r) => r.access in leastRole))
    it(`${label(row)}: hidden answers like missing`, async () => {
      for (const name of ["non-member", "another user's token"]) {
        const caller = callerOf(name);
        const hidden = await (await prepareCell(row, caller, world))();
        const made = await (await prepareCell(row, caller, world, (p) => ({ ...p, ...("projectId" in p ? { projectId: missing } : { workspaceId: missing }) })))();
        expect({ name, ...made }).toEqual({ name, ...hidden });
      }
    });

  // Revoked, expired and wrong link tokens answer alike, body and all.
  for (const row of rows.filter((r) => r.access === "link" || r.access === "link fork" || r.access === "link run"))
    it(`${label(row)}: revoked and expired answer like wrong`, async () => {
      const answers = [];
      for (const name of ["anonymous", "revoked link", "expired link"]) answers.push(await (await prepareCell(row, callerOf(name), world))());
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });

  for (const pageRow of pageRows)
    if ("access" in pageRow)
      describe(`page ${pageRow.file}`, () => {
        for (const name of callerNames)
          it(name, async () => {
            const caller = callerOf(name);
            const want = pageExpected(pageRow.access, caller);
            const before = await matrixFingerprint();
            const got = await renderPage(pageRow.file, caller.headers(), pageRow.params?.(world, caller) ?? {});
            // Pages only read: nothing may change, whoever asks.
            const changed = (await matrixFingerprint()) !== before;
            expect(verdict(world, want, got, changed)).toEqual([]);
            expect(changed, "a page changed rows").toBe(false);
          });
      });
});
