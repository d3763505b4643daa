import { beforeAll, describe, expect, it } from "vitest";
import * as previewRoute from "@/app/api/preview/[token]/[[...path]]/route";
import * as tokenRoute from "@/app/api/projects/[projectId]/preview-token/route";
import * as projectRoute from "@/app/api/projects/[projectId]/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import { call, signUpUser, type TestUser } from "./helpers";

let owner: TestUser;
let stranger: TestUser;
let projectId: string;

beforeAll(async () => {
  owner = await signUpUser("Owner");
  stranger = await signUpUser("Stranger");
  const created = await call(projectsRoute.POST, { user: owner, json: { name: "Site" } });
  projectId = created.data.project.id;
  await call(saveRoute.POST, {
    user: owner,
    params: { projectId },
    json: {
      baseSnapshotId: created.data.project.headSnapshotId,
      changes: [
        { type: "write", path: "index.html", content: "<h1>Hi</h1><script src='app.js'></script>" },
        { type: "write", path: "app.js", content: "document.body.append('js ran')" },
        { type: "write", path: "docs/index.html", content: "docs" },
      ],
    },
  });
});

async function grant(user: TestUser) {
  return call(tokenRoute.POST, { user, params: { projectId }, method: "POST" });
}

const get = (token: string, path: string[] = []) => call(previewRoute.GET, { params: { token, path } });

describe("preview of saved files", () => {
  it("serves files by signed prefix, with folder index pages and a sandboxing CSP, and no cookie", async () => {
    const { data } = await grant(owner);
    const token = data.baseUrl.split("/")[3];
    const index = await get(token);
    expect(Buffer.from(index.data).toString()).toContain("<h1>Hi</h1>");
    expect(index.headers.get("content-type")).toMatch(/text\/html/);
    expect(index.headers.get("content-security-policy")).toMatch(/sandbox allow-scripts/);
    expect((await get(token, ["app.js"])).headers.get("content-type")).toMatch(/javascript/);
    expect(Buffer.from((await get(token, ["docs"])).data).toString()).toBe("docs");
    expect((await get(token, ["missing.css"])).status).toBe(404);
    expect((await get(token, ["..", "x"])).status).toBe(400);
  });

  it.each([
    ["a forged signature", (t: string) => t.replace(/\.(.)/, (_m, c) => `.${c === "A" ? "B" : "A"}`)],
    ["a token with its payload swapped", (t: string) => `${Buffer.from(JSON.stringify({ p: projectId, u: "someone", e: Date.now() + 1e6 })).toString("base64url")}.${t.split(".")[1]}`],
    ["garbage", () => "not-a-token"],
  ])("refuses %s with 404", async (_label, tamper) => {
    const { data } = await grant(owner);
    expect((await get(tamper(data.baseUrl.split("/")[3]))).status).toBe(404);
  });

  it("gives strangers no grant, and a grant dies with the project", async () => {
    expect((await grant(stranger)).status).toBe(404);
    const { data } = await grant(owner);
    await call(projectRoute.DELETE, { user: owner, params: { projectId }, method: "DELETE" });
    expect((await get(data.baseUrl.split("/")[3])).status).toBe(404);
  });
});
