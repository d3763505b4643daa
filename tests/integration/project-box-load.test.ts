import { beforeAll, describe, expect, it } from "vitest";
import { POST as agent } from "@/app/api/agent/route";
import * as execRoute from "@/app/api/projects/[projectId]/box/exec/route";
import { POST as createToken } from "@/app/api/tokens/route";
import { createProject } from "@/lib/projects/service";
import { createBoxClient } from "@/lib/sandbox/box/client";
import { SandboxError } from "@/lib/sandbox/types";
import { call, signUpUser, type TestUser } from "./helpers";

// One box for the whole server and a short wait in line, the way an operator would configure a
// small instance, so that a few users are already more than it can serve at once.
process.env.BOX_MAX = "1";
process.env.BOX_QUEUE_MS = "1500";

const busyMessage = /^All sandboxes are busy \(\d+ waiting\); try again in a moment$/;

/** A person's terminal: the browser's box client, its requests handed to the exec route in this process. */
async function terminalOf(user: TestUser) {
  const caller = { userId: user.userId, name: "Load", email: user.email };
  const project = await createProject({ caller, name: "load" });
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost:3000");
    const headers = new Headers(init?.headers);
    user.headers.forEach((value, key) => headers.set(key, value));
    headers.set("origin", "http://localhost:3000");
    return execRoute.POST(new Request(url, { ...init, headers }), { params: Promise.resolve({ projectId: project.id }) });
  }) as typeof globalThis.fetch;
  return createBoxClient({ projectId: project.id, fetch });
}

async function agentUser(): Promise<TestUser> {
  const owner = await signUpUser("Agent");
  const { data } = await call(createToken, { user: owner, json: { name: "load" } });
  return { userId: "", email: "", headers: new Headers({ authorization: `Bearer ${data.secret}`, host: "localhost:3000" }) };
}

describe("every sandbox busy", () => {
  let observer: Awaited<ReturnType<typeof terminalOf>>;
  let other: Awaited<ReturnType<typeof terminalOf>>;
  let agents: TestUser[];
  beforeAll(async () => {
    observer = await terminalOf(await signUpUser("Observer"));
    other = await terminalOf(await signUpUser("Other"));
    agents = [await agentUser(), await agentUser()];
  });

  it("agent turns and terminal commands wait their turn, then say so, while the running command finishes", async () => {
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const observed = observer.exec("echo started; sleep 4; echo observed", { timeoutMs: 20_000, onStdout: () => started() });
    await running;

    const loop = { prompt: "execute code\n```python\nwhile True: pass\n```" };
    let notice = "";
    let stderr = "";
    const [answers, terminal] = await Promise.all([
      Promise.all(agents.map((user) => call(agent, { user, json: loop, url: "/api/agent" }))),
      other.exec("echo hi", { onStderr: (chunk) => (stderr += chunk), onNotice: (message) => (notice += message) }).then(
        () => null,
        (error: unknown) => error,
      ),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.data.status).toBe("failed");
      expect(answer.data.error.message).toMatch(busyMessage);
    }
    expect(terminal).toBeInstanceOf(SandboxError);
    expect((terminal as SandboxError).code).toBe("EUNAVAILABLE");
    expect((terminal as SandboxError).message).toMatch(busyMessage);
    // While it waited, the terminal said so, apart from the command's own output.
    expect(notice).toMatch(/^All sandboxes are busy; waiting for one \(\d+ in line\)…$/);
    expect(stderr).toBe("");

    // The command that was running was never stopped for them.
    expect(await observed).toMatchObject({ exitCode: 0, stdout: "started\nobserved\n" });
    // Once it is done, trying again gets a box.
    const retried = await call(agent, { user: agents[0]!, json: { prompt: "execute code\n```python\nprint('ran')\n```" }, url: "/api/agent" });
    expect(retried.data.status).toBe("completed");
    expect(retried.data.response).toContain("ran");
  });
});
