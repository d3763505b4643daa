import { createServer } from "node:net";
import { APICallError, generateText, RetryError, stepCountIs, streamText, tool, type LanguageModel, type TextStreamPart, type ToolSet } from "ai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { describeAgentError } from "@/lib/agent/provider-errors";
import { defaultModelId, listModels, resolveModel, type AgentEnv } from "@/lib/agent/providers";
import type { AgentErrorInfo } from "@/lib/agent/ui-types";
import { AppError } from "@/lib/errors";
import { startScriptedOpenAIServer, type ScriptedOpenAIServer } from "@/tests/support/scripted-openai-server";

type AgentErrorCode = AgentErrorInfo["code"];
const ids = (env: AgentEnv) => listModels({ env }).map((m) => m.id);
const described = (model: LanguageModel | null) => model as { provider: string; modelId: string } | null;

describe("listModels / defaultModelId", () => {
  it.each<[string, AgentEnv, string[], string]>([
    ["nothing configured", {}, ["offline"], "offline"],
    ["blank values count as unset", { OPENAI_API_KEY: " ", OPENAI_BASE_URL: "" }, ["offline"], "offline"],
    ["OpenAI key", { OPENAI_API_KEY: "sk-test" }, ["openai:gpt-4.1-mini", "openai:gpt-4.1"], "openai:gpt-4.1-mini"],
    ["Anthropic key", { ANTHROPIC_API_KEY: "a-test" }, ["anthropic:claude-sonnet-4-5", "anthropic:claude-haiku-4-5"], "anthropic:claude-sonnet-4-5"],
    ["local server without a model named", { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }, ["openai-compatible:qwen2.5-coder"], "openai-compatible:qwen2.5-coder"],
    [
      "OPENAI_BASE_URL takes OPENAI_API_KEY along (no api.openai.com models)",
      { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_API_KEY: "sk-test" },
      ["openai-compatible:qwen2.5-coder"],
      "openai-compatible:qwen2.5-coder",
    ],
    [
      "a separate compatible key leaves OPENAI_API_KEY for OpenAI",
      { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_COMPATIBLE_API_KEY: "local", OPENAI_API_KEY: "sk-test" },
      ["openai-compatible:qwen2.5-coder", "openai:gpt-4.1-mini", "openai:gpt-4.1"],
      "openai-compatible:qwen2.5-coder",
    ],
    [
      "a bare AGENT_MODEL goes to the first configured provider, colons and all",
      { OPENAI_BASE_URL: "http://localhost:1234/v1", ANTHROPIC_API_KEY: "a-test", AGENT_MODEL: "qwen2.5-coder:7b" },
      ["openai-compatible:qwen2.5-coder:7b", "anthropic:claude-sonnet-4-5", "anthropic:claude-haiku-4-5"],
      "openai-compatible:qwen2.5-coder:7b",
    ],
    [
      "AGENT_MODEL first, then AGENT_MODELS; named providers drop their defaults",
      {
        OPENAI_API_KEY: "sk-test",
        ANTHROPIC_API_KEY: "a-test",
        AGENT_MODEL: "anthropic:claude-opus-4-1",
        AGENT_MODELS: " openai:gpt-4.1 , anthropic:claude-opus-4-1,,anthropic:claude-sonnet-4-5",
      },
      ["anthropic:claude-opus-4-1", "openai:gpt-4.1", "anthropic:claude-sonnet-4-5"],
      "anthropic:claude-opus-4-1",
    ],
    [
      "models of unconfigured providers are ignored",
      { OPENAI_API_KEY: "sk-test", AGENT_MODEL: "anthropic:claude-sonnet-4-5", AGENT_MODELS: "openai-compatible:llama3" },
      ["openai:gpt-4.1-mini", "openai:gpt-4.1"],
      "openai:gpt-4.1-mini",
    ],
    ["an OPENAI_BASE_URL that is not a URL is ignored", { OPENAI_BASE_URL: "localhost:11434" }, ["offline"], "offline"],
  ])("%s", (_name, env, expectedIds, expectedDefault) => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    // The built-in offline agent is always offered, last.
    expect(ids(env)).toEqual(expectedIds.includes("offline") ? expectedIds : [...expectedIds, "offline"]);
    expect(defaultModelId({ env })).toBe(expectedDefault);
  });

  it("lists the default first when AGENT_MODEL names one", () => {
    const env = { OPENAI_API_KEY: "sk-test", AGENT_MODEL: "openai:gpt-4.1" };
    expect(ids(env)[0]).toBe("openai:gpt-4.1");
    expect(listModels({ env })[0]).toEqual({ id: "openai:gpt-4.1", label: "gpt-4.1 (OpenAI)", provider: "openai" });
  });

  it("labels a local model with its server", () => {
    expect(listModels({ env: { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1/", AGENT_MODEL: "llama3" } })).toEqual([
      { id: "openai-compatible:llama3", label: "llama3 (127.0.0.1:11434)", provider: "openai-compatible" },
      { id: "offline", label: "Built-in offline agent", provider: "offline" },
    ]);
  });

  it("reads process.env at call time", () => {
    vi.stubEnv("OPENAI_BASE_URL", "");
    vi.stubEnv("OPENAI_API_KEY", "");
    vi.stubEnv("ANTHROPIC_API_KEY", "");
    expect(defaultModelId()).toBe("offline");
    vi.stubEnv("ANTHROPIC_API_KEY", "a-test");
    expect(defaultModelId()).toBe("anthropic:claude-sonnet-4-5");
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
});

describe("resolveModel", () => {
  it("answers the offline agent without a model when nothing is configured", () => {
    expect(resolveModel(undefined, { env: {} })).toMatchObject({ info: { id: "offline", provider: "offline" }, model: null });
    expect(resolveModel("offline", { env: {} }).model).toBeNull();
  });

  it.each<[string, AgentEnv, string | undefined, string, string]>([
    ["default OpenAI model", { OPENAI_API_KEY: "sk-test" }, undefined, "openai.chat", "gpt-4.1-mini"],
    ["chosen OpenAI model", { OPENAI_API_KEY: "sk-test" }, "openai:gpt-4.1", "openai.chat", "gpt-4.1"],
    ["Anthropic", { ANTHROPIC_API_KEY: "a-test" }, "anthropic:claude-sonnet-4-5", "anthropic.messages", "claude-sonnet-4-5"],
    ["local, by bare name", { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", AGENT_MODEL: "llama3" }, "llama3", "openai-compatible.chat", "llama3"],
  ])("%s", (_name, env, id, provider, modelId) => {
    expect(described(resolveModel(id, { env }).model)).toMatchObject({ provider, modelId });
  });

  it("refuses a model the server does not offer, naming the ones it does", () => {
    const env = { OPENAI_API_KEY: "sk-test" };
    for (const id of ["openai:gpt-5", "anthropic:claude-sonnet-4-5"]) {
      const error = (() => {
        try {
          resolveModel(id, { env });
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "bad_request:model", status: 400 });
      expect((error as AppError).message).toContain("openai:gpt-4.1-mini, openai:gpt-4.1, offline");
    }
    // The built-in agent stays available beside configured models.
    expect(resolveModel("offline", { env }).model).toBeNull();
  });

  it.each<[string, AgentEnv, string | undefined, number]>([
    ["gpt-4.1", { OPENAI_API_KEY: "k" }, "openai:gpt-4.1", 1_047_576],
    ["gpt-5", { OPENAI_API_KEY: "k", AGENT_MODEL: "openai:gpt-5" }, undefined, 400_000],
    ["claude", { ANTHROPIC_API_KEY: "k" }, undefined, 200_000],
    ["unknown OpenAI model", { OPENAI_API_KEY: "k", AGENT_MODEL: "openai:gpt-4o" }, undefined, 128_000],
    ["local models guess low", { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1" }, undefined, 8_192],
    ["AGENT_CONTEXT_TOKENS overrides", { OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", AGENT_CONTEXT_TOKENS: "32_768" }, undefined, 32_768],
    ["a bad override is ignored", { ANTHROPIC_API_KEY: "k", AGENT_CONTEXT_TOKENS: "lots" }, undefined, 200_000],
  ])("context window: %s", (_name, env, id, tokens) => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(resolveModel(id, { env }).contextWindow).toBe(tokens);
    vi.restoreAllMocks();
  });
});

describe("against the scripted OpenAI-compatible server", () => {
  let server: ScriptedOpenAIServer;
  beforeAll(async () => {
    server = await startScriptedOpenAIServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.setScript([]);
    server.requests.length = 0;
  });

  const localModel = () =>
    resolveModel(undefined, { env: { OPENAI_BASE_URL: server.baseURL, AGENT_MODEL: "openai-compatible:scripted-model" } }).model!;

  const readFile = tool({
    description: "Read a file",
    inputSchema: z.object({ path: z.string() }),
    execute: async ({ path }) => ({ content: `export const greeting = "hello from ${path}";` }),
  });

  it("runs a two-step tool loop with streamed usage", async () => {
    server.push({ text: "Let me look.", toolCalls: [{ name: "read_file", args: { path: "src/a.ts" }, id: "call_1" }] }, (request) =>
      request.messages.at(-1)?.role === "tool" ? { text: "It exports a greeting." } : { text: "no tool result?" },
    );
    const errors: unknown[] = [];
    const result = streamText({
      model: localModel(),
      tools: { read_file: readFile },
      stopWhen: stepCountIs(5),
      prompt: "What does src/a.ts export?",
      maxRetries: 0,
      onError: ({ error }) => void errors.push(error),
    });
    const parts: TextStreamPart<ToolSet>[] = [];
    for await (const part of result.fullStream) parts.push(part);

    expect(errors).toEqual([]);
    expect(await result.text).toBe("It exports a greeting.");
    const steps = await result.steps;
    expect(steps.map((s) => s.finishReason)).toEqual(["tool-calls", "stop"]);
    expect(steps[0]!.text).toBe("Let me look.");
    expect(steps[0]!.toolCalls).toMatchObject([{ toolName: "read_file", toolCallId: "call_1", input: { path: "src/a.ts" } }]);
    expect(parts.filter((p) => p.type === "text-delta").length).toBeGreaterThan(2);
    expect(parts.some((p) => p.type === "tool-input-delta")).toBe(true);

    // The server saw the tool result, and reported usage estimated from each request's size.
    expect(server.requests).toHaveLength(2);
    const [first, second] = server.requests;
    expect(first).toMatchObject({ model: "scripted-model", stream: true, stream_options: { include_usage: true } });
    expect(first!.tools?.map((t) => t.function.name)).toEqual(["read_file"]);
    expect(second!.messages.at(-1)).toMatchObject({ role: "tool", tool_call_id: "call_1" });
    const estimate = (i: number) => Math.ceil(JSON.stringify(server.requests[i]!.messages).length / 4);
    expect(steps.map((s) => s.usage.inputTokens)).toEqual([estimate(0), estimate(1)]);
    expect(estimate(1)).toBeGreaterThan(estimate(0));
    const total = await result.totalUsage;
    expect(total.inputTokens).toBe(estimate(0) + estimate(1));
    expect(total.outputTokens).toBeGreaterThan(0);
  });

  it("answers without streaming too", async () => {
    server.push({ toolCalls: [{ name: "read_file", args: { path: "b.ts" } }] }, { text: "Done." });
    const result = await generateText({ model: localModel(), tools: { read_file: readFile }, stopWhen: stepCountIs(3), prompt: "Read b.ts", maxRetries: 0 });
    expect(result.text).toBe("Done.");
    expect(result.steps).toHaveLength(2);
    expect(result.totalUsage.inputTokens).toBeGreaterThan(0);
    expect(server.requests.map((r) => r.stream ?? false)).toEqual([false, false]);
  });

  it("answers (script exhausted) once the queue is empty", async () => {
    const result = await generateText({ model: localModel(), prompt: "hi", maxRetries: 0 });
    expect(result.text).toBe("(script exhausted)");
  });

  it("lists models", async () => {
    const answer = (await (await fetch(`${server.baseURL}/models`)).json()) as { data: Array<{ id: string }> };
    expect(answer.data.map((m) => m.id)).toEqual(["scripted-model"]);
  });

  it("chooses scenario replies by the user's message, per conversation", async () => {
    server.setScript([
      { match: "^fix", replies: [{ toolCalls: [{ name: "read_file", args: { path: "bug.ts" } }] }, { text: "Fixed." }] },
      { match: ".*", replies: [{ text: "Hello!" }] },
    ]);
    const run = (prompt: string) =>
      generateText({ model: localModel(), tools: { read_file: readFile }, stopWhen: stepCountIs(4), prompt, maxRetries: 0 });
    const [fix, hello, fixAgain] = await Promise.all([run("fix the bug"), run("hi there"), run("Fix it again")]);
    expect([fix.text, hello.text, fixAgain.text]).toEqual(["Fixed.", "Hello!", "Fixed."]);
    expect(fix.steps).toHaveLength(2);
  });

  /** Runs one streamed turn and returns the error it surfaced, checking it surfaced consistently. */
  async function streamError(model: LanguageModel, maxRetries = 0) {
    const onErrorCalls: unknown[] = [];
    const result = streamText({ model, prompt: "hello", maxRetries, onError: ({ error }) => void onErrorCalls.push(error) });
    const errorParts: unknown[] = [];
    for await (const part of result.fullStream) if (part.type === "error") errorParts.push(part.error);
    // The error is a stream part (and reaches onError); consuming the stream does not throw, but
    // the result promises reject with NoOutputGeneratedError instead of the provider's error.
    expect(errorParts).toHaveLength(1);
    expect(onErrorCalls).toEqual(errorParts);
    await expect(result.text).rejects.toMatchObject({ name: "AI_NoOutputGeneratedError" });
    return errorParts[0];
  }

  it.each<[string, { status: number; body: unknown }, string, RegExp]>([
    [
      "429",
      { status: 429, body: { error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" } } },
      "rate_limit",
      /rate limiting requests \(429\)\. Wait a moment and press Retry/,
    ],
    [
      "401 (quoting a key)",
      {
        status: 401,
        body: { error: { message: "Incorrect API key provided: sk-proj-abcdef123456. You can find your API key at …", type: "invalid_request_error", code: "invalid_api_key" } },
      },
      "auth",
      /^The API key for the model server at http:\/\/127\.0\.0\.1:\d+\/v1 was rejected \(401\)\. Check OPENAI_COMPATIBLE_API_KEY/,
    ],
    [
      "400 context length (OpenAI)",
      {
        status: 400,
        body: {
          error: {
            message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
            type: "invalid_request_error",
            code: "context_length_exceeded",
          },
        },
      },
      "context_overflow",
      /no longer fits "scripted-model"'s context window \(400\)/,
    ],
    [
      "400 prompt too long (Anthropic-style body)",
      { status: 400, body: { error: { message: "prompt is too long: 210000 tokens > 200000 maximum", type: "invalid_request_error" } } },
      "context_overflow",
      /context window/,
    ],
    [
      "404 model (Ollama)",
      { status: 404, body: { error: { message: 'model "scripted-model" not found, try pulling it first', type: "api_error" } } },
      "bad_model",
      /model "scripted-model" was not found at the model server at .* \(404\)\. Pull or load it/,
    ],
    [
      "500",
      { status: 500, body: { error: { message: "boom", type: "server_error" } } },
      "provider",
      /had an internal error \(500\)\. Press Retry/,
    ],
  ])("maps an injected %s", async (_name, injected, code, message) => {
    server.push({ error: injected });
    const error = await streamError(localModel());
    const info = describeAgentError(error);
    expect(info.code).toBe(code);
    expect(info.message).toMatch(message);
    expect(info.message).not.toContain("sk-proj");
  });

  it("maps a RetryError by its last attempt", async () => {
    const tooMany = { status: 429, body: { error: { message: "slow down", type: "requests" } }, headers: { "retry-after-ms": "5" } };
    server.push({ error: tooMany }, { error: tooMany });
    const error = await streamError(localModel(), 1);
    expect(RetryError.isInstance(error)).toBe(true);
    expect(server.requests).toHaveLength(2);
    expect(describeAgentError(error).code).toBe("rate_limit");
  });

  it("keeps the finished steps when a later step fails, with no finish part", async () => {
    server.push({ toolCalls: [{ name: "read_file", args: { path: "a.ts" } }] }, { error: { status: 429, body: { error: { message: "slow down" } } } });
    const result = streamText({ model: localModel(), tools: { read_file: readFile }, stopWhen: stepCountIs(5), prompt: "go", maxRetries: 0, onError: () => {} });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types.slice(-3)).toEqual(["tool-result", "finish-step", "error"]);
    // The result promises resolve as if nothing happened: only the error part tells.
    expect(await result.steps).toHaveLength(1);
    expect((await result.totalUsage).inputTokens).toBeUndefined();
    expect((await result.steps)[0]!.usage.inputTokens).toBeGreaterThan(0);
  });

  it("hides the error in the UI stream unless onError maps it", async () => {
    const unauthorized = { status: 401, body: { error: { message: "bad key" } } };
    server.push({ error: unauthorized }, { error: unauthorized });
    const errorTexts = async (onError?: (error: unknown) => string) => {
      const result = streamText({ model: localModel(), prompt: "hi", maxRetries: 0, onError: () => {} });
      const texts: string[] = [];
      for await (const chunk of result.toUIMessageStream({ onError })) if (chunk.type === "error") texts.push(chunk.errorText);
      return texts;
    };
    expect(await errorTexts()).toEqual(["An error occurred."]);
    expect(await errorTexts((error) => describeAgentError(error).message)).toEqual([expect.stringMatching(/^The API key for the model server/)]);
  });

  it("maps a closed port to unreachable", async () => {
    const port = await closedPort();
    const model = resolveModel(undefined, { env: { OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`, AGENT_MODEL: "m" } }).model!;
    const info = describeAgentError(await streamError(model));
    expect(info).toEqual({
      code: "unreachable",
      message: `Could not reach the model server at http://127.0.0.1:${port}/v1: connection refused. Is it running?`,
    });
  });
});

describe("describeAgentError", () => {
  const apiError = (url: string, statusCode: number, body: unknown, model = "gpt-4.1") =>
    new APICallError({ message: JSON.stringify(body), url, requestBodyValues: { model }, statusCode, responseBody: JSON.stringify(body), data: body });
  const openai = "https://api.openai.com/v1/chat/completions";
  const anthropic = "https://api.anthropic.com/v1/messages";

  it.each<[string, unknown, AgentErrorCode, RegExp]>([
    ["OpenAI 401", apiError(openai, 401, { error: { code: "invalid_api_key" } }), "auth", /^The API key for openai was rejected \(401\)\. Check OPENAI_API_KEY on the server\.$/],
    ["Anthropic 401", apiError(anthropic, 401, { type: "error", error: { type: "authentication_error" } }), "auth", /anthropic .*ANTHROPIC_API_KEY/],
    ["OpenAI 403", apiError(openai, 403, { error: { message: "no access" } }), "auth", /not allowed to use "gpt-4.1"/],
    ["OpenAI quota", apiError(openai, 429, { error: { code: "insufficient_quota", message: "You exceeded your current quota" } }), "rate_limit", /billing/],
    ["OpenAI model missing", apiError(openai, 404, { error: { code: "model_not_found", message: "The model `gpt-9` does not exist" } }, "gpt-9"), "bad_model", /"gpt-9" was not found at openai \(404\)\. Choose another model/],
    ["Anthropic model missing", apiError(anthropic, 404, { type: "error", error: { type: "not_found_error", message: "model: claude-x" } }), "bad_model", /not found at anthropic/],
    ["Anthropic overloaded", apiError(anthropic, 529, { type: "error", error: { type: "overloaded_error" } }), "provider", /^Anthropic is overloaded \(529\)/],
    ["a wrong base URL", apiError("http://127.0.0.1:11434/chat/completions", 404, "404 page not found"), "provider", /Check OPENAI_BASE_URL; it usually ends in \/v1/],
    ["an unknown 422, quoted without keys", apiError(openai, 422, { error: { message: "bad thing for key sk-abcdefghijklmnop" } }), "provider", /refused the request \(422\): .*\[redacted\]/],
  ])("%s", (_name, error, code, message) => {
    const info = describeAgentError(error);
    expect(info.code).toBe(code);
    expect(info.message).toMatch(message);
    expect(info.message).not.toContain("sk-abc");
  });

  it.each<[string, unknown, string, RegExp]>([
    ["an OpenAI-compatible error inside a stream", { message: "Rate limit", type: "rate_limit_error" }, "rate_limit", /rate limiting/],
    ["Anthropic's overloaded error inside a stream", { type: "overloaded_error", message: "Overloaded" }, "provider", /overloaded/],
    ["a bad_request:model AppError", new AppError("bad_request:model", "Pick one of: a, b"), "bad_model", /^Pick one of/],
    ["a plain bug", new Error("undefined is not a function"), "internal", /Something went wrong/],
    ["a timeout", new DOMException("The operation timed out.", "TimeoutError"), "unreachable", /did not answer in time/],
    ["a DNS failure", new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND llm.local"), { code: "ENOTFOUND" }) }), "unreachable", /host name could not be resolved/],
  ])("%s", (_name, error, code, message) => {
    const info = describeAgentError(error);
    expect(info.code).toBe(code);
    expect(info.message).toMatch(message);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
