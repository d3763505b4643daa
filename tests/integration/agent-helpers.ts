import { afterAll, beforeAll, expect } from "vitest";
import { POST as chat } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/chat/route";
import { GET as getSession, PATCH as patchSession } from "@/app/api/projects/[projectId]/agent/sessions/[sessionId]/route";
import { POST as createSessionRoute } from "@/app/api/projects/[projectId]/agent/sessions/route";
import { PUT as putLocks } from "@/app/api/projects/[projectId]/locks/route";
import { GET as readRaw } from "@/app/api/projects/[projectId]/files/raw/route";
import { POST as save } from "@/app/api/projects/[projectId]/save/route";
import { POST as createProject } from "@/app/api/projects/route";
import { getDb } from "@/lib/db/client";
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from "../support/scripted-openai-server";
import { call, signUpUser, type TestUser } from "./helpers";

/** One chunk of the UI message stream. */
export type Chunk = { type: string; [key: string]: any };

/**
 * For a test file: a scripted chat-completions server on loopback that the agent is pointed at (the
 * real OpenAI-compatible provider path), and one signed-up user; `ready` receives both.
 */
export function withScriptedModel(userName: string, ready: (context: { server: ScriptedOpenAIServer; user: TestUser }) => void) {
  let server: ScriptedOpenAIServer | undefined;
  beforeAll(async () => {
    server = await startScriptedOpenAIServer();
    process.env.OPENAI_BASE_URL = server.baseURL;
    process.env.AGENT_MODEL = "openai-compatible:scripted-model";
    ready({ server, user: await signUpUser(userName) });
  });
  afterAll(async () => {
    delete process.env.OPENAI_BASE_URL;
    delete process.env.AGENT_MODEL;
    await server?.close();
  });
}

/** Posts to the chat route as the panel does and reads the whole UI message stream. */
export async function sendChat(user: TestUser, projectId: string, sessionId: string, body: unknown, signal?: AbortSignal) {
  const headers = new Headers(user.headers);
  headers.set("content-type", "application/json");
  const req = new Request(`http://localhost:3000/api/projects/${projectId}/agent/sessions/${sessionId}/chat`, { method: "POST", headers, body: JSON.stringify(body), signal });
  const res = await chat(req, { params: Promise.resolve({ projectId, sessionId }) });
  if (!res.headers.get("content-type")?.includes("text/event-stream")) return { status: res.status, error: await res.json(), chunks: [] as Chunk[], turnId: "" };
  const chunks = (await res.text())
    .split("\n\n")
    .map((block) => block.replace(/^data: /, "").trim())
    .filter((data) => data && data !== "[DONE]")
    .map((data) => JSON.parse(data) as Chunk);
  return { status: res.status, chunks, turnId: res.headers.get("x-agent-turn-id") ?? "" };
}

export const userPrompt = (text: string, model?: string) => ({
  message: { id: crypto.randomUUID(), role: "user", parts: [{ type: "text", text }] },
  trigger: "submit-message",
  ...(model ? { model } : {}),
});

/** A project holding `files`, with a fresh agent session (optionally in ask mode, with locks). */
export async function newAgentProject(user: TestUser, files: Record<string, string>, options: { locks?: string[]; ask?: boolean } = {}) {
  const { data } = await call(createProject, { user, json: { name: `Agent ${Date.now()}` } });
  const projectId = data.project.id as string;
  const changes = Object.entries(files).map(([path, content]) => ({ type: "write", path, content: Buffer.from(content).toString("base64"), encoding: "base64" }));
  const saved = await call(save, { user, params: { projectId }, json: { baseSnapshotId: data.project.headSnapshotId, changes } });
  expect(saved.status, JSON.stringify(saved.data)).toBe(200);
  const session = await call(createSessionRoute, { user, params: { projectId }, json: {} });
  const sessionId = session.data.session.id as string;
  if (options.locks) expect((await call(putLocks, { user, params: { projectId }, json: { paths: options.locks }, method: "PUT" })).status).toBe(200);
  if (options.ask) expect((await call(patchSession, { user, params: { projectId, sessionId }, json: { approvalMode: "ask" }, method: "PATCH" })).status).toBe(200);
  return { projectId, sessionId, head: saved.data.snapshotId as string };
}

/** A file's text at the project's head, or null when it does not exist there. */
export async function headText(user: TestUser, projectId: string, path: string) {
  const db = await getDb();
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } });
  const res = await call(readRaw, { user, params: { projectId }, url: `/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}&snapshotId=${project.headSnapshotId}` });
  return res.status === 200 ? Buffer.from(res.data as Uint8Array).toString("utf8") : null;
}

/** The session's last stored message, as the panel reloads it. */
export async function lastMessage(user: TestUser, projectId: string, sessionId: string) {
  return (await call(getSession, { user, params: { projectId, sessionId } })).data.messages.at(-1);
}

/** The last assistant message with every pending approval answered, as the panel sends it back. */
export function answerApprovals(message: { parts: { state?: string; approval?: { id: string } }[] }, approved: boolean) {
  return {
    message: {
      ...message,
      parts: message.parts.map((p) => (p.state === "approval-requested" ? { ...p, state: "approval-responded", approval: { id: p.approval!.id, approved } } : p)),
    },
    trigger: "submit-message",
  };
}
