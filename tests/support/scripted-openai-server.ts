/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1 that answers from a script, for
 * tests, e2e runs and benchmarks: the agent talks to it over HTTP exactly as it talks to Ollama,
 * LM Studio or vLLM, so the provider, streaming and error paths are the real ones.
 *
 *   const server = await startScriptedOpenAIServer({ script: [{ toolCalls: [{ name: "read_file", args: { path: "a.ts" } }] }, { text: "Done." }] });
 *   // OPENAI_BASE_URL=server.baseURL … then server.requests holds every chat request body
 *
 * A script function sees each request whole, so it can check or react to the results of its last
 * calls (toolResultsOf) before choosing the next reply, as tests/agent-eval replays do.
 *
 * Standalone (e.g. Playwright's webServer):
 *   tsx tests/support/scripted-openai-server.ts --port 4010 --script tests/fixtures/agent-script.json
 * prints the base URL (http://127.0.0.1:4010/v1) on stdout and serves until SIGINT/SIGTERM.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export type ChatMessage = {
  role: "system" | "developer" | "user" | "assistant" | "tool";
  content?: string | Array<{ type: string; text?: string }> | null;
  tool_calls?: Array<{ id: string; type: "function"; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
  [key: string]: unknown;
};

/** A chat-completions request body as the server received it. */
export type ChatCompletionRequest = {
  model: string;
  messages: ChatMessage[];
  tools?: Array<{ type: "function"; function: { name: string; description?: string; parameters?: unknown } }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean } | null;
  [key: string]: unknown;
};

export type ScriptedToolCall = { name: string; args: Record<string, unknown>; id?: string };

export type ScriptedReply =
  | { text: string; toolCalls?: undefined }
  | { toolCalls: ScriptedToolCall[]; text?: string }
  /** An HTTP error, e.g. `{ status: 429, body: { error: { message: "Rate limit reached", type: "requests" } } }`. */
  | { error: { status: number; body: unknown; headers?: Record<string, string> } }
  /**
   * A server that goes silent: "headers" accepts the request and never answers; "body" sends the
   * headers and a first chunk, then nothing. Either holds the connection until the client gives up.
   */
  | { hang: "headers" | "body" }
  | ScriptFunction;

export type ScriptFunction = (request: ChatCompletionRequest) => ScriptedReply | Promise<ScriptedReply>;

/** Replies chosen by the newest user message: `replies[n]` answers the n-th request of that turn. */
export type Scenario = { match: string; flags?: string; replies: ScriptedReply[] };

/** Replies consumed in order, scenarios matched per conversation, or a function deciding each reply. */
export type Script = ScriptedReply[] | Scenario[] | ScriptFunction;

export type ScriptedOpenAIServerOptions = {
  script?: Script;
  /** Delay before each answer starts (time to first byte). */
  latencyMs?: number;
  /** Delay between streamed chunks, to make a stream long enough to stop mid-way. */
  chunkDelayMs?: number;
  /** Listen on this port; 0 (the default) picks a free one. */
  port?: number;
  /** Ids `GET /v1/models` lists. */
  models?: string[];
};

export type ScriptedOpenAIServer = {
  /** e.g. http://127.0.0.1:53123/v1 */
  baseURL: string;
  /** Every chat-completions request body, in arrival order. */
  requests: ChatCompletionRequest[];
  push(...replies: ScriptedReply[]): void;
  /** Replaces the script (and drops replies still queued). */
  setScript(script: Script): void;
  close(): Promise<void>;
};

const exhausted = { text: "(script exhausted)" } satisfies ScriptedReply;

/** Text of the newest user message (string content or text parts). */
export function lastUserText(request: ChatCompletionRequest): string {
  const message = request.messages.findLast((m) => m.role === "user");
  return message ? messageText(message.content) : "";
}

/** A message's text: string content, or its text parts joined. */
export function messageText(content: ChatMessage["content"]): string {
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => part.text ?? "").join("");
}

/**
 * The tool results the model gets back in this request for the calls of its newest assistant
 * message, by tool call id: what a script reads to check, or react to, its last calls' answers.
 */
export function toolResultsOf(request: ChatCompletionRequest): Map<string, string> {
  const lastAssistant = request.messages.findLastIndex((m) => m.role === "assistant");
  const results = new Map<string, string>();
  for (const message of request.messages.slice(lastAssistant + 1))
    if (message.role === "tool" && message.tool_call_id) results.set(message.tool_call_id, messageText(message.content));
  return results;
}

function isScenarioList(script: Script): script is Scenario[] {
  return Array.isArray(script) && script.length > 0 && script.every((s) => typeof s === "object" && s !== null && "match" in s);
}

/**
 * Stateless, so retries, reloads and parallel conversations cannot desynchronise it: the reply
 * index is the number of assistant messages after the newest user message.
 */
function scenarioResponder(scenarios: Scenario[]): ScriptFunction {
  const compiled = scenarios.map((s) => ({ pattern: new RegExp(s.match, s.flags ?? "i"), replies: s.replies }));
  return (request) => {
    const text = lastUserText(request);
    const scenario = compiled.find((s) => s.pattern.test(text));
    if (!scenario) return { text: `(no scenario matched: ${text.slice(0, 80)})` };
    const lastUser = request.messages.findLastIndex((m) => m.role === "user");
    const step = request.messages.slice(lastUser + 1).filter((m) => m.role === "assistant").length;
    return scenario.replies[step] ?? exhausted;
  };
}

/** Splits text into roughly `parts` pieces so deltas arrive in several chunks. */
function split(text: string, parts = 3): string[] {
  if (text.length <= 1) return [text];
  const size = Math.max(1, Math.ceil(text.length / parts));
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

const estimateTokens = (chars: number) => Math.ceil(chars / 4);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(text);
}

export async function startScriptedOpenAIServer(options: ScriptedOpenAIServerOptions = {}): Promise<ScriptedOpenAIServer> {
  const { latencyMs = 0, chunkDelayMs = 0, models = ["scripted-model"] } = options;
  const requests: ChatCompletionRequest[] = [];
  let queue: ScriptedReply[] = [];
  let responder: ScriptFunction | undefined;
  let callCounter = 0;
  let completionCounter = 0;

  const setScript = (script: Script) => {
    queue = [];
    responder = undefined;
    if (typeof script === "function") responder = script;
    else if (isScenarioList(script)) responder = scenarioResponder(script);
    else queue = [...(script as ScriptedReply[])];
  };
  if (options.script) setScript(options.script);

  async function nextReply(request: ChatCompletionRequest): Promise<Exclude<ScriptedReply, ScriptFunction>> {
    let reply: ScriptedReply = queue.shift() ?? (responder ? await responder(request) : exhausted);
    // A queued function decides from the conversation; it may answer with another function.
    for (let depth = 0; depth < 10; depth++) {
      if (typeof reply !== "function") return reply;
      reply = await reply(request);
    }
    return exhausted;
  }

  async function handleChat(req: IncomingMessage, res: ServerResponse) {
    let request: ChatCompletionRequest;
    try {
      request = JSON.parse(await readBody(req)) as ChatCompletionRequest;
      if (!Array.isArray(request.messages)) throw new Error("messages must be an array");
    } catch (error) {
      sendJson(res, 400, { error: { message: `Invalid request: ${(error as Error).message}`, type: "invalid_request_error" } });
      return;
    }
    requests.push(request);
    const reply = await nextReply(request);
    if (latencyMs > 0) await sleep(latencyMs);
    if ("error" in reply) {
      sendJson(res, reply.error.status, reply.error.body, reply.error.headers);
      return;
    }
    if ("hang" in reply) {
      if (reply.hang === "body") {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        const first = { id: "chatcmpl-scripted-hang", object: "chat.completion.chunk", created: 0, model: request.model, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] };
        res.write(`data: ${JSON.stringify(first)}\n\n`);
      }
      return;
    }

    const id = `chatcmpl-scripted-${++completionCounter}`;
    const created = Math.floor(Date.now() / 1000);
    const model = request.model;
    const text = reply.text ?? "";
    const toolCalls = (reply.toolCalls ?? []).map((call) => ({
      id: call.id ?? `call_scripted_${++callCounter}`,
      name: call.name,
      arguments: JSON.stringify(call.args),
    }));
    const finishReason = toolCalls.length > 0 ? "tool_calls" : "stop";
    const promptTokens = estimateTokens(JSON.stringify(request.messages).length);
    const completionTokens = estimateTokens(text.length + toolCalls.reduce((n, c) => n + c.name.length + c.arguments.length, 0));
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };

    if (!request.stream) {
      sendJson(res, 200, {
        id,
        object: "chat.completion",
        created,
        model,
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: text || (toolCalls.length > 0 ? null : ""),
              refusal: null,
              ...(toolCalls.length > 0 && {
                tool_calls: toolCalls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: c.arguments } })),
              }),
            },
            logprobs: null,
            finish_reason: finishReason,
          },
        ],
        usage,
      });
      return;
    }

    // Exactly OpenAI's shape: with include_usage every chunk carries `usage: null`, and a last chunk
    // with empty choices carries the totals.
    const includeUsage = request.stream_options?.include_usage === true;
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
      id,
      object: "chat.completion.chunk",
      created,
      model,
      system_fingerprint: null,
      choices,
      ...(includeUsage && { usage: null }),
      ...extra,
    });
    const delta = (d: Record<string, unknown>, finish: string | null = null) => chunk([{ index: 0, delta: d, logprobs: null, finish_reason: finish }]);

    const events: unknown[] = [delta({ role: "assistant", content: "", refusal: null })];
    for (const piece of text ? split(text) : []) events.push(delta({ content: piece }));
    toolCalls.forEach((call, index) => {
      events.push(delta({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }] }));
      for (const piece of split(call.arguments)) events.push(delta({ tool_calls: [{ index, function: { arguments: piece } }] }));
    });
    events.push(delta({}, finishReason));
    if (includeUsage) events.push(chunk([], { usage }));

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
    let closed = false;
    res.on("close", () => (closed = true));
    for (const event of events) {
      if (closed) return;
      res.write(`data: ${JSON.stringify(event)}\n\n`);
      if (chunkDelayMs > 0) await sleep(chunkDelayMs);
    }
    if (!closed) res.end("data: [DONE]\n\n");
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!.replace(/\/+$/, "");
    const answer = async () => {
      if (req.method === "POST" && path === "/v1/chat/completions") return handleChat(req, res);
      if (req.method === "GET" && path === "/v1/models")
        return sendJson(res, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "scripted" })) });
      sendJson(res, 404, { error: { message: `Unknown endpoint: ${req.method} ${path}`, type: "invalid_request_error", code: "unknown_url" } });
    };
    answer().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error), type: "server_error" } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    push: (...replies) => void queue.push(...replies),
    setScript,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function argValue(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

async function main() {
  const args = process.argv.slice(2);
  const scriptFile = argValue(args, "--script");
  const server = await startScriptedOpenAIServer({
    port: Number(argValue(args, "--port") ?? 0),
    latencyMs: Number(argValue(args, "--latency") ?? 0),
    chunkDelayMs: Number(argValue(args, "--chunk-delay") ?? 0),
    script: scriptFile ? (JSON.parse(readFileSync(scriptFile, "utf8")) as Script) : undefined,
  });
  console.log(server.baseURL);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
