import { beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import { POST as previewToken } from "@/app/api/projects/[projectId]/preview-token/route";
import { POST as createProject } from "@/app/api/projects/route";
import { DELETE as revokeToken } from "@/app/api/tokens/[tokenId]/route";
import { POST as createToken } from "@/app/api/tokens/route";
import { call, signUpUser, type TestUser } from "./helpers";

// What a page on another site can make a signed-in browser send (a form or a no-cors fetch: a
// text/plain, form or multipart body, Origin set by the browser), against the real routes.
const app = "http://localhost:3000";
const evil = "https://evil.example";
const json = "application/json";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Case = { handler: Handler; method: string; params?: Record<string, string>; body?: string };

let alice: TestUser;
let projectId: string;
let tokenId: string;

beforeAll(async () => {
  alice = await signUpUser("Alice");
  projectId = (await call(createProject, { user: alice, json: { name: "target" } })).data.project.id;
  tokenId = (await call(createToken, { user: alice, json: { name: "target" } })).data.token.id;
});

async function send({ handler, method, params = {}, body }: Case, headers: Record<string, string>) {
  const all = new Headers(alice.headers);
  for (const [name, value] of Object.entries(headers)) all.set(name, value);
  const req = new Request(`${app}/api/x`, { method, headers: all, body });
  return (await handler(req, { params: Promise.resolve(params) })).status;
}

const routes = {
  "POST /api/projects": () => ({ handler: createProject as Handler, method: "POST", body: JSON.stringify({ name: "made elsewhere" }) }),
  "POST /api/tokens": () => ({ handler: createToken as Handler, method: "POST", body: JSON.stringify({ name: "made elsewhere" }) }),
  "PATCH /api/projects/:id": () => ({ handler: projectRoute.PATCH as Handler, method: "PATCH", params: { projectId }, body: JSON.stringify({ name: "renamed" }) }),
  "POST …/preview-token": () => ({ handler: previewToken as Handler, method: "POST", params: { projectId } }),
  "DELETE /api/tokens/:id": () => ({ handler: revokeToken as Handler, method: "DELETE", params: { tokenId } }),
};

describe("state-changing routes with the session cookie", () => {
  it.each([
    // route, content type, Origin, extra headers → status
    ["POST /api/projects", json, undefined, {}, 201],
    ["POST /api/projects", json, app, {}, 201],
    ["POST /api/projects", "application/json; charset=utf-8", app, {}, 201],
    ["POST /api/projects", json, evil, {}, 403],
    ["POST /api/projects", json, "null", {}, 403],
    ["POST /api/projects", json, "http://localhost:3001", {}, 403],
    ["POST /api/projects", "text/plain", app, {}, 400],
    ["POST /api/projects", "text/plain", evil, {}, 403],
    ["POST /api/projects", "text/plain;charset=UTF-8", undefined, {}, 400],
    ["POST /api/projects", "application/x-www-form-urlencoded", evil, {}, 403],
    ["POST /api/projects", "multipart/form-data; boundary=x", app, {}, 400],
    ["POST /api/projects", undefined, undefined, {}, 400],
    ["POST /api/projects", json, undefined, { "sec-fetch-site": "cross-site" }, 403],
    ["POST /api/projects", json, evil, { authorization: "Bearer ide_x" }, 403],
    ["POST /api/tokens", json, evil, {}, 403],
    ["POST /api/tokens", "text/plain", undefined, {}, 400],
    ["POST /api/tokens", json, app, {}, 201],
    ["PATCH /api/projects/:id", json, evil, {}, 403],
    ["PATCH /api/projects/:id", "text/plain", app, {}, 400],
    ["PATCH /api/projects/:id", json, app, {}, 200],
    ["POST …/preview-token", undefined, evil, {}, 403],
    ["POST …/preview-token", "text/plain", "null", {}, 403],
    ["POST …/preview-token", undefined, app, {}, 200],
    ["DELETE /api/tokens/:id", undefined, evil, {}, 403],
    ["DELETE /api/tokens/:id", undefined, app, {}, 200],
  ] as const)("%s, Content-Type %s, Origin %s %j → %i", async (name, contentType, origin, extra, status) => {
    const headers: Record<string, string> = { ...extra };
    if (contentType) headers["content-type"] = contentType;
    if (origin) headers.origin = origin;
    expect(await send(routes[name](), headers)).toBe(status);
  });
});

describe("API token calls (no cookie)", () => {
  it("work from scripts, with or without an Origin", async () => {
    const { data } = await call(createToken, { user: alice, json: { name: "script" } });
    for (const origin of [undefined, "null"]) {
      const headers = new Headers({ host: "localhost:3000", authorization: `Bearer ${data.secret}`, "content-type": json });
      if (origin) headers.set("origin", origin);
      const req = new Request(`${app}/api/agent`, { method: "POST", headers, body: JSON.stringify({ prompt: "hello" }) });
      expect((await agent(req, { params: Promise.resolve({}) })).status).toBe(200);
    }
  });
});
