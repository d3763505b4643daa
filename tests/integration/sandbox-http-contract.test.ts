import { beforeAll } from "vitest";
import * as execRoute from "@/app/api/projects/[projectId]/box/exec/route";
import * as fsRoute from "@/app/api/projects/[projectId]/box/fs/route";
import { createProject } from "@/lib/projects/service";
import { createBoxClient } from "@/lib/sandbox/box/client";
import { saveChanges } from "@/lib/snapshots/save";
import { runSandboxContract } from "@/tests/contract/sandbox-contract";
import { signUpUser, type TestUser } from "./helpers";

// The contract's limits, applied the way an operator would configure the server's boxes.
process.env.BOX_TIMEOUT_MS = "2000";
process.env.BOX_OUTPUT_BYTES = "4096";

let user: TestUser;
beforeAll(async () => {
  user = await signUpUser("Box");
});

const routes = { exec: execRoute.POST, fs: fsRoute.POST };

/** A fetch that hands requests to the route handlers in this process, with the user's session. */
function routeFetch(): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost:3000");
    const match = /^\/api\/projects\/([^/]+)\/box\/(exec|fs)$/.exec(url.pathname);
    if (!match) return new Response("not found", { status: 404 });
    const headers = new Headers(init?.headers);
    user.headers.forEach((value, key) => headers.set(key, value));
    const req = new Request(url, { ...init, headers });
    return routes[match[2] as "exec" | "fs"](req, { params: Promise.resolve({ projectId: decodeURIComponent(match[1]!) }) });
  }) as typeof fetch;
}

runSandboxContract("offline box through its HTTP routes and browser client", async ({ files }) => {
  const caller = { userId: user.userId, name: "Box", email: user.email };
  const project = await createProject({ caller, name: "contract" });
  await saveChanges({
    projectId: project.id,
    baseSnapshotId: project.headSnapshotId,
    changes: files.map((f) =>
      f.kind === "dir"
        ? { type: "mkdir", path: f.path }
        : { type: "write", path: f.path, bytes: typeof f.content === "string" ? new TextEncoder().encode(f.content) : f.content },
    ),
    author: "user",
    userId: user.userId,
  });
  return { sandbox: createBoxClient({ projectId: project.id, fetch: routeFetch() }) };
});
