import "server-only";
import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import type { LanguageModel } from "ai";
import { modelTimeoutsEnvSchema } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { createModelFetch, type ModelTimeouts } from "./model-fetch";
import type { ModelInfo } from "./ui-types";

/**
 * Which models the agent may use, from the server's environment only (keys never reach the
 * browser). Read on every call, so a changed environment (or a test's) takes effect at once.
 *
 * - OPENAI_API_KEY: OpenAI's chat-completions API at api.openai.com.
 * - ANTHROPIC_API_KEY (ANTHROPIC_BASE_URL optional): Anthropic's messages API.
 * - OPENAI_BASE_URL (OPENAI_COMPATIBLE_API_KEY optional): an OpenAI-compatible server such as
 *   Ollama, LM Studio or vLLM. As in OpenAI's own SDK, OPENAI_BASE_URL redirects OPENAI_API_KEY to
 *   that server: OpenAI's models are then offered only when OPENAI_COMPATIBLE_API_KEY holds the
 *   local server's key, leaving OPENAI_API_KEY for api.openai.com.
 * - AGENT_MODEL: the default, "provider:model"; a bare name goes to the first configured provider
 *   (openai-compatible, openai, anthropic).
 * - AGENT_MODELS: comma-separated "provider:model" list the UI can switch among. A configured
 *   provider with no model named in either variable offers its default models.
 * - AGENT_CONTEXT_TOKENS: overrides every model's context window.
 * - AGENT_MODEL_FIRST_BYTE_TIMEOUT_MS / AGENT_MODEL_IDLE_TIMEOUT_MS: how long a model may take to
 *   start answering, and to send its next chunk (see model-fetch.ts).
 */
export type AgentEnv = Record<string, string | undefined>;
type ProviderId = Exclude<ModelInfo["provider"], "offline">;
type ProviderConfig = { id: ProviderId; apiKey: string | undefined; baseURL: string };
type ModelRef = { provider: ProviderId; model: string };
type Options = { env?: AgentEnv };

export const offlineModelInfo: ModelInfo = { id: "offline", label: "Built-in offline agent", provider: "offline" };

const providerOrder: ProviderId[] = ["openai-compatible", "openai", "anthropic"];
const openaiBaseURL = "https://api.openai.com/v1";
const anthropicBaseURL = "https://api.anthropic.com/v1";

const defaultModelsByProvider: Record<ProviderId, string[]> = {
  openai: ["gpt-4.1-mini", "gpt-4.1"],
  anthropic: ["claude-sonnet-4-5", "claude-haiku-4-5"],
  // A guess: local servers only answer for the models they have; the 404 message says how to name one.
  "openai-compatible": ["qwen2.5-coder"],
};

const providerLabels: Record<ProviderId, string> = { openai: "OpenAI", anthropic: "Anthropic", "openai-compatible": "local" };

/** First match wins; local servers often run with a small window (Ollama's default is 2–8k), so guess low. */
const contextWindowGuesses: Array<{ provider?: ProviderId; pattern: RegExp; tokens: number }> = [
  { provider: "openai-compatible", pattern: /./, tokens: 8_192 },
  { pattern: /^gpt-4\.1/, tokens: 1_047_576 },
  { pattern: /^gpt-5/, tokens: 400_000 },
  { pattern: /^(o\d|claude-)/, tokens: 200_000 },
];
const fallbackContextWindow = 128_000;

const warned = new Set<string>();
function warnOnce(message: string) {
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`[agent providers] ${message}`);
}

function read(env: AgentEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function configuredProviders(env: AgentEnv): ProviderConfig[] {
  const providers: ProviderConfig[] = [];
  const openaiKey = read(env, "OPENAI_API_KEY");
  const compatibleKey = read(env, "OPENAI_COMPATIBLE_API_KEY");
  const baseURL = read(env, "OPENAI_BASE_URL");
  let compatibleConfigured = false;
  if (baseURL) {
    if (URL.canParse(baseURL) && /^https?:$/.test(new URL(baseURL).protocol)) {
      providers.push({ id: "openai-compatible", apiKey: compatibleKey ?? openaiKey, baseURL: baseURL.replace(/\/+$/, "") });
      compatibleConfigured = true;
    } else warnOnce(`OPENAI_BASE_URL is not an http(s) URL, so it is ignored: ${baseURL}`);
  }
  if (openaiKey && (!compatibleConfigured || compatibleKey)) providers.push({ id: "openai", apiKey: openaiKey, baseURL: openaiBaseURL });
  const anthropicKey = read(env, "ANTHROPIC_API_KEY");
  if (anthropicKey)
    providers.push({ id: "anthropic", apiKey: anthropicKey, baseURL: read(env, "ANTHROPIC_BASE_URL")?.replace(/\/+$/, "") ?? anthropicBaseURL });
  return providers.sort((a, b) => providerOrder.indexOf(a.id) - providerOrder.indexOf(b.id));
}

/** "openai:gpt-4.1" → openai; "qwen2.5-coder:7b" (no known provider prefix) → the first configured provider. */
function parseRef(text: string, providers: ProviderConfig[]): ModelRef | null {
  const colon = text.indexOf(":");
  const prefix = colon > 0 ? text.slice(0, colon) : "";
  if ((providerOrder as string[]).includes(prefix)) {
    const model = text.slice(colon + 1).trim();
    return model ? { provider: prefix as ProviderId, model } : null;
  }
  const first = providers[0];
  return first && text ? { provider: first.id, model: text } : null;
}

const refId = (ref: ModelRef) => `${ref.provider}:${ref.model}`;

function toInfo(ref: ModelRef, provider: ProviderConfig): ModelInfo {
  const where = ref.provider === "openai-compatible" ? new URL(provider.baseURL).host : providerLabels[ref.provider];
  return { id: refId(ref), label: `${ref.model} (${where})`, provider: ref.provider };
}

type Catalog = { providers: ProviderConfig[]; models: Array<{ info: ModelInfo; ref: ModelRef; provider: ProviderConfig }>; defaultId: string };

function buildCatalog(env: AgentEnv): Catalog {
  const providers = configuredProviders(env);
  if (providers.length === 0) return { providers, models: [], defaultId: offlineModelInfo.id };

  const named = [read(env, "AGENT_MODEL"), ...(read(env, "AGENT_MODELS")?.split(",") ?? [])]
    .map((entry) => entry?.trim())
    .filter((entry): entry is string => Boolean(entry));
  const refs: ModelRef[] = [];
  for (const entry of named) {
    const ref = parseRef(entry, providers);
    if (!ref) warnOnce(`Ignoring the model "${entry}": write it as provider:model`);
    else if (!providers.some((p) => p.id === ref.provider))
      warnOnce(`Ignoring the model "${entry}": the ${ref.provider} provider is not configured on the server`);
    else refs.push(ref);
  }
  for (const provider of providers)
    if (!refs.some((r) => r.provider === provider.id))
      refs.push(...defaultModelsByProvider[provider.id].map((model) => ({ provider: provider.id, model })));

  const models: Catalog["models"] = [];
  for (const ref of refs) {
    if (models.some((m) => m.info.id === refId(ref))) continue;
    const provider = providers.find((p) => p.id === ref.provider)!;
    models.push({ info: toInfo(ref, provider), ref, provider });
  }
  const agentModel = read(env, "AGENT_MODEL");
  const defaultRef = agentModel ? parseRef(agentModel, providers) : null;
  const defaultId = defaultRef && models.some((m) => m.info.id === refId(defaultRef)) ? refId(defaultRef) : models[0]!.info.id;
  return { providers, models, defaultId };
}

/**
 * The models the UI may offer, default first. The built-in offline agent is always last: it runs
 * code without spending tokens, and is the only choice when nothing is configured.
 */
export function listModels({ env = process.env }: Options = {}): ModelInfo[] {
  const { models } = buildCatalog(env);
  return [...models.map((m) => m.info), offlineModelInfo];
}

export function defaultModelId({ env = process.env }: Options = {}): string {
  return buildCatalog(env).defaultId;
}

function contextWindowFor(ref: ModelRef | null, env: AgentEnv): number {
  const override = read(env, "AGENT_CONTEXT_TOKENS");
  if (override) {
    const tokens = Number(override.replace(/[_,]/g, ""));
    if (Number.isInteger(tokens) && tokens >= 1024) return tokens;
    warnOnce(`AGENT_CONTEXT_TOKENS must be a whole number of tokens (at least 1024), so it is ignored: ${override}`);
  }
  if (!ref) return fallbackContextWindow;
  const guess = contextWindowGuesses.find((g) => (!g.provider || g.provider === ref.provider) && g.pattern.test(ref.model));
  return guess?.tokens ?? fallbackContextWindow;
}

function modelTimeouts(env: AgentEnv): ModelTimeouts {
  const parsed = modelTimeoutsEnvSchema.safeParse(env);
  if (!parsed.success) warnOnce("AGENT_MODEL_FIRST_BYTE_TIMEOUT_MS and AGENT_MODEL_IDLE_TIMEOUT_MS must be whole milliseconds; using 60000");
  const values = parsed.success ? parsed.data : modelTimeoutsEnvSchema.parse({});
  return { firstByteMs: values.AGENT_MODEL_FIRST_BYTE_TIMEOUT_MS, idleMs: values.AGENT_MODEL_IDLE_TIMEOUT_MS };
}

function createModel(ref: ModelRef, provider: ProviderConfig, env: AgentEnv): LanguageModel {
  const fetch = createModelFetch(modelTimeouts(env));
  switch (ref.provider) {
    case "openai":
      // Chat completions rather than the Responses API: the server rebuilds every conversation from
      // Postgres, so nothing should depend on items stored at OpenAI.
      return createOpenAI({ apiKey: provider.apiKey, baseURL: provider.baseURL, fetch }).chat(ref.model);
    case "anthropic":
      return createAnthropic({ apiKey: provider.apiKey, baseURL: provider.baseURL, fetch })(ref.model);
    case "openai-compatible":
      return createOpenAICompatible({
        name: "openai-compatible",
        baseURL: provider.baseURL,
        apiKey: provider.apiKey,
        includeUsage: true,
        fetch,
      }).chatModel(ref.model);
  }
}

/**
 * The model behind an id from listModels() (undefined: the default). The offline agent has no
 * model. An id the server does not offer is a `bad_request:model` AppError naming the ones it does.
 */
export function resolveModel(
  id: string | undefined,
  { env = process.env }: Options = {},
): { info: ModelInfo; model: LanguageModel | null; contextWindow: number } {
  const catalog = buildCatalog(env);
  const wanted = id?.trim() || catalog.defaultId;
  if (wanted === offlineModelInfo.id)
    return { info: offlineModelInfo, model: null, contextWindow: contextWindowFor(null, env) };

  const ref = parseRef(wanted, catalog.providers);
  const entry = ref && catalog.models.find((m) => m.info.id === refId(ref));
  if (!entry) {
    const offered = [...catalog.models.map((m) => m.info.id), offlineModelInfo.id].join(", ");
    throw new AppError("bad_request:model", `The model "${wanted}" is not configured on this server. Choose one of: ${offered}`);
  }
  return { info: entry.info, model: createModel(entry.ref, entry.provider, env), contextWindow: contextWindowFor(entry.ref, env) };
}
