import { beforeEach, describe, expect, it } from "vitest";
import { POST as save } from "@/app/api/projects/[projectId]/save/route";
import { getDb } from "@/lib/db/client";
import type { ChatCompletionRequest, ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { headText, newAgentProject, sendChat, userPrompt, withScriptedModel } from "./agent-helpers";
import { call, type TestUser } from "./helpers";

// What the model reads of the file tools' results through the real turn (chat route, the
// OpenAI-compatible provider, the box): plain text with numbered lines, and a write over a file the
// user saved during the turn refused with the change shown.

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Reader", (context) => ({ server, user } = context));

/** The content of the newest tool message of a request: what the model was sent for the last call. */
const lastToolText = (request: ChatCompletionRequest) => {
  const message = request.messages.findLast((m) => m.role === "tool")!;
  return typeof message.content === "string" ? message.content : JSON.stringify(message.content);
};

describe("file tool results in the model's next request", () => {
  beforeEach(() => server.setScript([]));

  it("are plain text: read_file's numbered lines, edit_file's numbered snippet and syntax check", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "src/greet.js": 'export const greet = (n) => "Hello " + n;\n\tconsole.log(greet("Ada"));\n' });
    server.push(
      { toolCalls: [{ name: "read_file", args: { path: "src/greet.js" } }] },
      { toolCalls: [{ name: "edit_file", args: { path: "src/greet.js", edits: [{ oldText: '"Hello "', newText: '"Hi "' }] } }] },
      { text: "Done." },
    );
    const before = server.requests.length;
    const turn = await sendChat(user, projectId, sessionId, userPrompt("Shorten the greeting"));
    expect(turn.status).toBe(200);
    expect(lastToolText(server.requests[before + 1]!)).toBe(['src/greet.js (2 lines)', '     1\texport const greet = (n) => "Hello " + n;', '     2\t\tconsole.log(greet("Ada"));'].join("\n"));
    expect(lastToolText(server.requests[before + 2]!)).toBe(
      ["Edited src/greet.js: 1 replacement.", '     1\texport const greet = (n) => "Hi " + n;', '     2\t\tconsole.log(greet("Ada"));', "Syntax check: no new errors."].join("\n"),
    );
    expect(await headText(user, projectId, "src/greet.js")).toContain('"Hi "');
  });

  it("refuse an edit of a file the user saved after the agent read it, with the change", async () => {
    const { projectId, sessionId } = await newAgentProject(user, { "a.js": "const a = 1;\nconst b = 2;\n" });
    server.push(
      { toolCalls: [{ name: "read_file", args: { path: "a.js" } }] },
      async () => {
        // The user saves from the editor while the agent thinks.
        const db = await getDb();
        const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
        const content = Buffer.from("const a = 1;\nconst b = 3;\n").toString("base64");
        const saved = await call(save, { user, params: { projectId }, json: { baseSnapshotId: project.headSnapshotId, changes: [{ type: "write", path: "a.js", content, encoding: "base64" }] } });
        expect(saved.status).toBe(200);
        return { toolCalls: [{ name: "edit_file", args: { path: "a.js", oldText: "const a = 1;", newText: "const a = 10;" } }] };
      },
      { text: "The file changed; I will look again." },
    );
    const before = server.requests.length;
    await sendChat(user, projectId, sessionId, userPrompt("Set a to 10"));
    const refused = lastToolText(server.requests[before + 2]!);
    expect(refused).toMatch(/^Error: a\.js changed since you last read it/);
    expect(refused).toContain("-const b = 2;\n+const b = 3;");
    expect(await headText(user, projectId, "a.js")).toBe("const a = 1;\nconst b = 3;\n");
  });
});
