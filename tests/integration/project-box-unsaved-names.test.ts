import { beforeAll, describe, expect, it } from "vitest";
import * as boxExecRoute from "@/app/api/projects/[projectId]/box/exec/route";
import * as filesRoute from "@/app/api/projects/[projectId]/files/route";
import * as projectsRoute from "@/app/api/projects/route";
import { call, signUpUser, type TestUser } from "./helpers";

let user: TestUser;
let projectId: string;

beforeAll(async () => {
  user = await signUpUser("Namer");
  projectId = (await call(projectsRoute.POST, { user, json: { name: "Names" } })).data.project.id;
});

/** The server-sent events of a box command's answer. */
const events = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString()
    .split("\n\n")
    .filter((e) => e.startsWith("data: "))
    .map((e) => JSON.parse(e.slice(6)) as Record<string, unknown>);

describe("a command's files under names the project refuses", () => {
  it("saves the rest, and tells the terminal and the result which names were not saved and why", async () => {
    const command = 'echo ok > ok.txt; echo evil > "evil\u202etxt.js"; echo nfd > "e\u0301.txt"';
    const res = await call(boxExecRoute.POST, { user, params: { projectId }, json: { command } });
    const answer = events(res.data);
    const result = answer.find((e) => e.type === "result")!;
    expect(result).toMatchObject({ exitCode: 0, changedPaths: ["ok.txt"] });
    expect(result.saveError).toBeUndefined();

    const { entries } = (await call(filesRoute.GET, { user, params: { projectId } })).data as { entries: { path: string }[] };
    expect(entries.map((e) => e.path)).toEqual(["ok.txt"]);

    // Shown as escapes, so the terminal neither reverses the line nor hides what is wrong.
    const message = result.notSaved as string;
    expect(message).toContain('"evil\\u202Etxt.js": U+202E RIGHT-TO-LEFT OVERRIDE (an invisible formatting character) is not allowed in file names');
    expect(message).toContain('"e\\u0301.txt": ');
    expect(message).toContain("NFC");
    expect(message).not.toMatch(/[\u202e\u0301]/);
    // The line shell prints notices; the message arrives as one before the result.
    const notices = answer.filter((e) => e.type === "notice").map((e) => e.message);
    expect(notices).toContain(message);
    expect(answer.findIndex((e) => e.type === "notice" && e.message === message)).toBeLessThan(answer.indexOf(result));
  });
});
