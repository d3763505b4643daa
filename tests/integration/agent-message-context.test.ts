import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import type { ChatCompletionRequest, ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { lastMessage, newAgentProject, sendChat, withScriptedModel } from "./agent-helpers";
import type { TestUser } from "./helpers";

// What the model is told, through the chat route and the real OpenAI-compatible provider: the
// runtime's environment, the project's AGENTS.md and scripts, and what the IDE sends with a message
// (active file, cursor, selection, @-mentions, images).

let server: ScriptedOpenAIServer;
let user: TestUser;
withScriptedModel("Context", (context) => ({ server, user } = context));

// A 1×1 PNG.
const png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const files = {
  "AGENTS.md": "# Agent notes\nAlways run `node test/run.js` after a change.\n",
  "package.json": JSON.stringify({ name: "demo", scripts: { test: "node test/run.js", start: "node src/app.js" } }),
  "src/util.ts": "import fs from 'node:fs';\n\nexport function add(a: number, b: number) {\n  return a + b;\n}\n\nexport class Counter {\n  count = 0;\n}\n",
  "src/app.ts": "import { add } from './util';\nconsole.log(add(1, 2));\n",
};

const body = (overrides: Record<string, unknown> = {}, parts: unknown[] = []) => ({
  message: { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text: "Why does @src/util.ts add? See the image." }, ...parts] },
  trigger: "submit-message",
  runtime: "box",
  context: {
    activeFile: { path: "src/app.ts", line: 2, column: 13, selection: { startLine: 2, endLine: 2, text: "console.log(add(1, 2));" } },
    mentions: ["src/util.ts"],
  },
  ...overrides,
});

const systemText = (request: ChatCompletionRequest) => String(request.messages.find((m) => m.role === "system")?.content);
const lastUser = (request: ChatCompletionRequest) => request.messages.findLast((m) => m.role === "user")!;
const runCodeLanguages = (request: ChatCompletionRequest) =>
  (request.tools?.find((t) => t.function.name === "run_code")?.function.parameters as { properties: { language: { enum: string[] } } }).properties.language.enum;

describe("what the model is told", () => {
  beforeEach(() => {
    server.setScript([]);
    process.env.AGENT_IMAGE_MODELS = "scripted-model";
  });
  afterEach(() => {
    delete process.env.AGENT_IMAGE_MODELS;
  });

  it("sends the box environment, AGENTS.md, the scripts, and the message's editor context, mention outline and image", async () => {
    const { projectId, sessionId } = await newAgentProject(user, files);
    server.push({ text: "It adds two numbers." });
    const turn = await sendChat(user, projectId, sessionId, body({}, [{ type: "file", mediaType: "image/png", filename: "shot.png", url: png }]));
    expect(turn.status, JSON.stringify(turn.error)).toBe(200);
    const request = server.requests.at(-1)!;

    const system = systemText(request);
    expect(system).toContain("Environment: the offline box");
    expect(system).toContain("Not available: npm, npx");
    expect(system).not.toContain("bash with node, python3, sqlite3");
    expect(system).toContain("### AGENTS.md\n# Agent notes\nAlways run `node test/run.js` after a change.");
    expect(system).toContain("npm is not available here");
    expect(system).toContain("- test: node test/run.js\n- start: node src/app.js");
    expect(runCodeLanguages(request)).toEqual(["javascript", "python"]);

    const content = lastUser(request).content as Array<{ type: string; text?: string; image_url?: { url: string } }>;
    expect(content[0]).toEqual({ type: "text", text: "Why does @src/util.ts add? See the image." });
    expect(content.find((c) => c.type === "image_url")?.image_url?.url).toBe(png);
    const context = content.find((c) => c.type === "text" && c.text?.startsWith("[Sent by the IDE"))!.text!;
    expect(context).toContain("The user's editor shows src/app.ts, cursor at line 2, column 13.");
    expect(context).toContain("Selected in src/app.ts, line 2:\n```\nconsole.log(add(1, 2));\n```");
    expect(context).toContain("### @src/util.ts (9 lines)");
    expect(context).toMatch(/3 {2}export function add\(a: number, b: number\)/);
    expect(context).toMatch(/7 {2}export class Counter/);

    // Stored with the message: the panel shows it after a reload, and a retry sends it again.
    const db = await getDb();
    const stored = await db.agentMessage.findFirstOrThrow({ where: { sessionId, role: "user" } });
    const parts = stored.parts as Array<{ type: string; data?: { activeFile?: { path: string }; mentions?: string[] } }>;
    expect(parts.map((p) => p.type)).toEqual(["text", "file", "data-context"]);
    expect(parts[2]!.data).toMatchObject({ activeFile: { path: "src/app.ts" }, mentions: ["src/util.ts"] });

    server.push({ text: "Again." });
    const retry = await sendChat(user, projectId, sessionId, { trigger: "regenerate-message", runtime: "box" });
    expect(retry.status).toBe(200);
    expect(JSON.stringify(lastUser(server.requests.at(-1)!).content)).toContain("cursor at line 2, column 13");
  });

  it("tells a WebContainer turn that npm works and offers run_code JavaScript only", async () => {
    const { projectId, sessionId } = await newAgentProject(user, files);
    server.push({ text: "Fine." });
    const turn = await sendChat(user, projectId, sessionId, body({ runtime: "webcontainer" }));
    expect(turn.status).toBe(200);
    const request = server.requests.at(-1)!;
    expect(systemText(request)).toContain("Environment: WebContainer");
    expect(systemText(request)).toContain("run them with npm run <name>");
    expect(runCodeLanguages(request)).toEqual(["javascript"]);
    expect(request.tools?.find((t) => t.function.name === "run_code")?.function.description).not.toContain("Python");
  });

  it("refuses images for a model that does not take them, before anything is stored", async () => {
    delete process.env.AGENT_IMAGE_MODELS;
    const { projectId, sessionId } = await newAgentProject(user, files);
    const before = server.requests.length;
    const turn = await sendChat(user, projectId, sessionId, body({}, [{ type: "file", mediaType: "image/png", url: png }]));
    expect(turn.status).toBe(400);
    expect(turn.error.error).toMatchObject({ code: "bad_request:images_unsupported" });
    expect(turn.error.error.message).toMatch(/does not accept images\. Remove the images, or pick a model that sees them/);
    expect(server.requests.length).toBe(before);
    expect(await lastMessage(user, projectId, sessionId)).toBeUndefined();
  });

  it("tells a model without images that one was attached earlier instead of sending it", async () => {
    const { projectId, sessionId } = await newAgentProject(user, files);
    server.push({ text: "I see it." });
    expect((await sendChat(user, projectId, sessionId, body({}, [{ type: "file", mediaType: "image/png", filename: "shot.png", url: png }]))).status).toBe(200);
    delete process.env.AGENT_IMAGE_MODELS;
    server.push({ text: "Noted." });
    const next = await sendChat(user, projectId, sessionId, body({ context: undefined }));
    expect(next.status).toBe(200);
    const sent = JSON.stringify(server.requests.at(-1)!.messages);
    expect(sent).not.toContain("image_url");
    expect(sent).toContain("[The user attached an image (shot.png) here; this model cannot see images]");
  });

  it("refuses an image that is too large with the limit", async () => {
    const { projectId, sessionId } = await newAgentProject(user, files);
    const big = `data:image/png;base64,${"A".repeat(3 * 1024 * 1024)}`;
    const turn = await sendChat(user, projectId, sessionId, body({}, [{ type: "file", mediaType: "image/png", url: big }]));
    expect(turn.status).toBe(400);
    expect(JSON.stringify(turn.error)).toContain("larger than 2 MB");
  });
});
