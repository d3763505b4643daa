import { APICallError, LoadAPIKeyError, RetryError } from "ai";
import { AppError } from "@/lib/errors";
import { ModelTimeoutError } from "./model-fetch";
import type { AgentErrorInfo } from "./ui-types";

/**
 * Errors from the AI SDK (or from a provider's stream) as one chat message that says what to do.
 * Provider text is only ever quoted after redacting anything key-shaped, and never for auth errors.
 */

/** What an error tells us, gathered from an APICallError, a stream error object or a network error. */
type Facts = {
  status?: number;
  /** Provider error code or type, e.g. "insufficient_quota", "rate_limit_error", "model_not_found". */
  kinds: string[];
  providerMessage: string;
  /** Where the request went: the provider's base URL, without the endpoint path. */
  server?: Server;
  model?: string;
};
type Server = { kind: "openai" | "anthropic" | "compatible"; baseURL: string };

const networkReasons: Array<[RegExp, string]> = [
  [/^(ECONNREFUSED|ConnectionRefused)$/, "connection refused"],
  [/^(ENOTFOUND|EAI_AGAIN)$/, "the host name could not be resolved"],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|UND_ERR_BODY_TIMEOUT)$/, "the connection timed out"],
  [/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ConnectionClosed|UND_ERR_CLOSED)$/, "the connection was closed unexpectedly"],
  [/^(EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|FailedToOpenSocket)$/, "the network is unreachable"],
  [/CERT|SIGNATURE|SSL|TLS/, "its TLS certificate was not accepted"],
];

const contextOverflowPattern =
  /context_length_exceeded|maximum context length|context (length|window|size)|prompt is too long|too many tokens|input is too long|exceeds the (available )?context|reduce the length of the (messages|prompt)|string_above_max_length|request_too_large/i;
const modelMissingPattern = /model_not_found|not_found_error|model\b.*\b(not found|does not exist|not exist|unknown|not available|try pulling)/i;

export function describeAgentError(error: unknown): AgentErrorInfo {
  if (RetryError.isInstance(error)) return describeAgentError(error.lastError);
  // Wrapped by the AI SDK when the body stalls before the first chunk ("Failed to process successful response").
  const timeout = findModelTimeout(error);
  if (timeout) return { code: timeout.phase === "first-byte" ? "unreachable" : "provider", message: timeout.message };
  if (error instanceof AppError)
    return { code: error.code.startsWith("bad_request:model") ? "bad_model" : "internal", message: error.message };
  if (LoadAPIKeyError.isInstance(error))
    return { code: "auth", message: "No API key is configured for this model. Set it on the server and restart." };
  if (isError(error) && error.name === "TimeoutError")
    return { code: "unreachable", message: "The model did not answer in time. Press Retry; a local model may still be loading." };
  if (isError(error) && (error.name === "AbortError" || error.name === "ResponseAborted"))
    return { code: "internal", message: "The request to the model was cancelled." };

  const network = findNetworkFailure(error);
  if (network) {
    const server = APICallError.isInstance(error) ? serverOf(error.url) : undefined;
    return { code: "unreachable", message: unreachableMessage(server, network) };
  }

  const facts = factsOf(error);
  if (!facts) {
    if (isError(error) && /^AI_(InvalidResponseData|TypeValidation|JSONParse|EmptyResponseBody|NoContentGenerated)Error$/.test(error.name))
      return { code: "provider", message: "The model server sent an answer the agent could not read. Press Retry, or choose another model." };
    if (isError(error) && error.name === "AI_NoOutputGeneratedError")
      return { code: "provider", message: "The model stopped without answering. Press Retry." };
    return { code: "internal", message: "Something went wrong in the agent. Press Retry, and report it if it persists." };
  }
  return describeFacts(facts);
}

function describeFacts({ status, kinds, providerMessage, server, model }: Facts): AgentErrorInfo {
  const who = server ? serverName(server) : "the model provider";
  const Who = server?.kind === "openai" ? "OpenAI" : server?.kind === "anthropic" ? "Anthropic" : who.charAt(0).toUpperCase() + who.slice(1);
  const is = (pattern: RegExp) => kinds.some((k) => pattern.test(k));
  const statusText = status ? ` (${status})` : "";
  const modelName = model ? `"${model}"` : "this model";

  if (status === 401 || is(/^(invalid_api_key|authentication_error|unauthorized)$/))
    return { code: "auth", message: `The API key for ${who} was rejected${statusText}. Check ${keyVariable(server)} on the server.` };
  if (status === 403 || is(/^(permission_error|permission_denied|forbidden)$/))
    return {
      code: "auth",
      message: `The API key for ${who} is not allowed to use ${modelName}${statusText}. Check the key's permissions or choose another model.`,
    };
  if (is(/^insufficient_quota$/) || /exceeded your current quota/i.test(providerMessage))
    return { code: "rate_limit", message: `The ${who} account has run out of credit or quota${statusText}. Check its billing, then press Retry.` };
  if (contextOverflowPattern.test(`${kinds.join(" ")} ${providerMessage}`) || status === 413)
    return {
      code: "context_overflow",
      message: `The conversation no longer fits ${modelName}'s context window${statusText}. Start a new session, or choose a model with a larger context window.`,
    };
  if (status === 429 || is(/^(rate_limit_exceeded|rate_limit_error|requests|tokens)$/))
    return { code: "rate_limit", message: `The model provider is rate limiting requests${statusText || " (429)"}. Wait a moment and press Retry.` };
  if (status === 404 || modelMissingPattern.test(`${kinds.join(" ")} ${providerMessage}`)) {
    if (status === 404 && !/model/i.test(`${kinds.join(" ")} ${providerMessage}`) && server?.kind === "compatible")
      return {
        code: "provider",
        message: `${Who} has no chat-completions endpoint${statusText}. Check OPENAI_BASE_URL; it usually ends in /v1.`,
      };
    const fix =
      server?.kind === "compatible"
        ? "Pull or load it on that server, or set AGENT_MODEL=openai-compatible:<a model it has>."
        : "Choose another model, or fix AGENT_MODEL / AGENT_MODELS on the server.";
    return { code: "bad_model", message: `The model ${modelName} was not found at ${who}${statusText}. ${fix}` };
  }
  if (status === 529 || status === 503 || is(/^(overloaded_error|server_overloaded|overloaded)$/))
    return { code: "provider", message: `${Who} is overloaded${statusText}. Wait a moment and press Retry.` };
  if (status !== undefined && status >= 500)
    return { code: "provider", message: `${Who} had an internal error${statusText}. Press Retry; if it persists, check the provider's status.` };
  const quoted = providerMessage ? `: ${quote(providerMessage)}` : "";
  return { code: "provider", message: `${Who} refused the request${statusText}${quoted}` };
}

function findModelTimeout(error: unknown): ModelTimeoutError | null {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++)
    if (current instanceof ModelTimeoutError) return current;
  return null;
}

function isError(value: unknown): value is Error {
  return value instanceof Error;
}

function factsOf(error: unknown): Facts | null {
  if (APICallError.isInstance(error)) {
    const body = (error.requestBodyValues ?? {}) as { model?: unknown };
    return {
      status: error.statusCode,
      kinds: errorKinds(error.data ?? parseJson(error.responseBody)),
      providerMessage: error.message,
      server: serverOf(error.url),
      model: typeof body.model === "string" ? body.model : undefined,
    };
  }
  // Errors inside a stream arrive as the provider's plain error object, e.g. OpenAI-compatible
  // `{ message, type, code }` or Anthropic's `{ type: "overloaded_error", message }`.
  if (error && typeof error === "object" && !isError(error)) {
    const kinds = errorKinds(error);
    const message = String((error as { message?: unknown }).message ?? (error as { error?: { message?: unknown } }).error?.message ?? "");
    if (kinds.length > 0 || message) return { kinds, providerMessage: message, status: numericStatus(error) };
  }
  return null;
}

function numericStatus(value: object): number | undefined {
  const { status, statusCode, code } = value as Record<string, unknown>;
  const n = [status, statusCode, code].find((v) => typeof v === "number" && v >= 400 && v < 600);
  return typeof n === "number" ? n : undefined;
}

/** type / code strings of an error body, at the top level or under `error`. */
function errorKinds(data: unknown): string[] {
  const kinds: string[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== "object" || depth > 2) return;
    for (const key of ["type", "code"]) {
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === "string" && v !== "error") kinds.push(v);
    }
    visit((value as { error?: unknown }).error, depth + 1);
  };
  visit(data, 0);
  return kinds;
}

function parseJson(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** The first network error code in the cause chain (fetch wraps it as `TypeError: fetch failed`). */
function findNetworkFailure(error: unknown): { code: string; message: string } | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const { code, message, cause, errors } = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && networkReasons.some(([pattern]) => pattern.test(code)))
      return { code, message: typeof message === "string" ? message : code };
    // A status means the server answered; its error is not a network failure.
    if (APICallError.isInstance(current) && current.statusCode !== undefined) return null;
    queue.push(cause, ...(Array.isArray(errors) ? errors : []));
  }
  if (isError(error) && error.name === "TypeError" && /fetch failed|failed to fetch/i.test(error.message))
    return { code: "", message: error.message };
  if (APICallError.isInstance(error) && error.statusCode === undefined && /^Cannot connect to API/.test(error.message))
    return { code: "", message: error.message.replace(/^Cannot connect to API:\s*/, "") };
  return null;
}

function unreachableMessage(server: Server | undefined, { code, message }: { code: string; message: string }): string {
  const reason = networkReasons.find(([pattern]) => pattern.test(code))?.[1] ?? quote(message);
  if (!server) return `Could not reach the model server: ${reason}. Check that it is running and reachable from the app server.`;
  if (server.kind === "compatible") return `Could not reach the model server at ${server.baseURL}: ${reason}. Is it running?`;
  return `Could not reach ${serverName(server)} (${server.baseURL}): ${reason}. Check the app server's network connection, then press Retry.`;
}

function serverOf(url: string | undefined): Server | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/(chat\/completions|completions|responses|messages|embeddings)\/?$/, "");
  const baseURL = `${parsed.protocol}//${parsed.host}${path}`;
  if (parsed.hostname === "api.openai.com") return { kind: "openai", baseURL };
  if (parsed.hostname === "api.anthropic.com" || /\/messages\/?$/.test(parsed.pathname)) return { kind: "anthropic", baseURL };
  return { kind: "compatible", baseURL };
}

function serverName(server: Server): string {
  if (server.kind === "openai") return "openai";
  if (server.kind === "anthropic") return "anthropic";
  return `the model server at ${server.baseURL}`;
}

function keyVariable(server: Server | undefined): string {
  if (server?.kind === "openai") return "OPENAI_API_KEY";
  if (server?.kind === "anthropic") return "ANTHROPIC_API_KEY";
  if (server?.kind === "compatible") return "OPENAI_COMPATIBLE_API_KEY (or OPENAI_API_KEY)";
  return "the provider's API key";
}

/** Quotes provider text shortened, with anything that looks like a key or token blanked. */
function quote(text: string): string {
  const secrets = ["OPENAI_API_KEY", "OPENAI_COMPATIBLE_API_KEY", "ANTHROPIC_API_KEY"]
    .map((name) => globalThis.process?.env?.[name])
    .filter((value): value is string => Boolean(value && value.length >= 8));
  let safe = text;
  for (const secret of secrets) safe = safe.split(secret).join("[redacted]");
  safe = safe
    .replace(/\b(sk|pk|rk)-[A-Za-z0-9_*.-]{6,}/g, "[redacted]")
    .replace(/\b(Bearer|x-api-key:?)\s+\S+/gi, "$1 [redacted]")
    .replace(/\s+/g, " ")
    .trim();
  return safe.length > 300 ? `${safe.slice(0, 300)}…` : safe;
}
