import { beforeAll, describe, expect, it } from "vitest";
import * as previewRoute from "@/app/api/preview/[token]/[[...path]]/route";
import * as tokenRoute from "@/app/api/projects/[projectId]/preview-token/route";
import * as saveRoute from "@/app/api/projects/[projectId]/save/route";
import * as projectsRoute from "@/app/api/projects/route";
import { call, signUpUser } from "./helpers";

let token: string;

beforeAll(async () => {
  const owner = await signUpUser("Owner");
  const created = await call(projectsRoute.POST, { user: owner, json: { name: "Percent site" } });
  const projectId = created.data.project.id;
  const saved = await call(saveRoute.POST, {
    user: owner,
    params: { projectId },
    json: {
      baseSnapshotId: created.data.project.headSnapshotId,
      changes: [
        { type: "write", path: "pct/100%.html", content: "hundred percent" },
        { type: "write", path: "pct/a%20b.html", content: "literal percent-two-zero" },
        { type: "write", path: "pct/a b.html", content: "with a space" },
        { type: "write", path: "caf\u00e9.html", content: "cafe" },
      ],
    },
  });
  expect(saved.status).toBe(200);
  const granted = await call(tokenRoute.POST, { user: owner, params: { projectId }, method: "POST" });
  token = granted.data.baseUrl.split("/")[3];
});

// Next.js hands the route its path segments already decoded, exactly once.
const get = (path: string[]) => call(previewRoute.GET, { params: { token, path } });
const text = (res: Awaited<ReturnType<typeof get>>) => Buffer.from(res.data).toString();

describe("preview paths are decoded once", () => {
  it.each([
    [["pct", "100%.html"], "hundred percent"],
    [["pct", "a%20b.html"], "literal percent-two-zero"],
    [["pct", "a b.html"], "with a space"],
    // The same name typed in NFD (as macOS sends it) finds the NFC file.
    [["cafe\u0301.html"], "cafe"],
  ])("serves %j as the file of that name", async (path, expected) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(text(res)).toBe(expected);
  });
});
