import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { classifyDatabaseError, databaseUnavailableMessage, logDatabaseFailure, type DatabaseFailure } from "./db/errors";
import { env } from "./env";
import { AppError } from "./errors";
import { SandboxError, type SandboxErrorCode } from "./sandbox/types";

const statusBySandboxCode: Record<SandboxErrorCode, number> = {
  ENOENT: 404,
  EEXIST: 409,
  EISDIR: 422,
  ENOTDIR: 422,
  ENOTEMPTY: 422,
  EINVAL: 400,
  ELIMIT: 413,
  EUNAVAILABLE: 503,
  ETRANSPORT: 502,
};

type Handler<C> = (req: Request, context: C) => Promise<Response>;

/** Wraps a route handler so every failure becomes `{ error: { code, message } }` with its status. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (req, context) => {
    try {
      requireSameOrigin(req);
      return await handler(req, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError)
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...error.details } },
      // Busy sandboxes, a database away, a rate limit: worth retrying, and clients are told when.
      { status: error.status, headers: retryAfterHeader(error) },
    );
  if (error instanceof SandboxError)
    return NextResponse.json(
      { error: { code: `sandbox:${error.code}`, message: error.message } },
      { status: statusBySandboxCode[error.code] },
    );
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message));
    return NextResponse.json(
      { error: { code: "bad_request:validation", message: issues[0] ?? "The request is not valid", issues } },
      { status: 400 },
    );
  }
  const databaseFailure = classifyDatabaseError(error);
  if (databaseFailure) return databaseFailureResponse(databaseFailure, error);
  const prismaCode = (error as { code?: unknown })?.code;
  if (prismaCode === "P2025")
    return NextResponse.json({ error: { code: "not_found", message: "That no longer exists; reload" } }, { status: 404 });
  console.error("Unhandled error in route", error);
  return NextResponse.json(
    { error: { code: "internal", message: "Something went wrong on the server; try again, and report it if it persists" } },
    { status: 500 },
  );
}

function retryAfterHeader(error: AppError): Record<string, string> | undefined {
  const limited = error.details?.retryAfterSeconds;
  if (typeof limited === "number") return { "retry-after": String(limited) };
  return error.kind === "unavailable" ? { "retry-after": String(retryAfterSeconds) } : undefined;
}

// Long enough for a restarting database or a sandbox to free up, short enough that a person
// retrying is not kept waiting.
const retryAfterSeconds = 5;

function databaseFailureResponse(failure: DatabaseFailure, error: unknown): Response {
  logDatabaseFailure(failure, error);
  if (failure === "unstorable_text")
    return NextResponse.json(
      { error: { code: "bad_request:text", message: "The request holds a character the database cannot store (U+0000 NULL, or half of a surrogate pair); remove it and try again" } },
      { status: 400 },
    );
  return NextResponse.json(
    { error: { code: "unavailable:database", message: databaseUnavailableMessage(failure) } },
    { status: 503, headers: { "retry-after": String(retryAfterSeconds) } },
  );
}

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Refuses a state-changing request that a page on another site made with this browser's cookie:
 * its `Origin` must name this app (the host the request was sent to, or BETTER_AUTH_URL), and
 * `Origin: null` is refused. Requests without a cookie have nothing to forge (API tokens, curl).
 */
function requireSameOrigin(req: Request) {
  if (safeMethods.has(req.method) || !req.headers.has("cookie")) return;
  const origin = req.headers.get("origin");
  if (origin === null) {
    // Browsers old enough to omit Origin still say where a request came from.
    const site = req.headers.get("sec-fetch-site");
    if (site === "cross-site" || site === "same-site") throw crossSite();
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw crossSite(); // "null": sandboxed frames, redirects across sites, file: pages
  }
  const appHosts = [req.headers.get("host"), req.headers.get("x-forwarded-host"), env.BETTER_AUTH_URL && new URL(env.BETTER_AUTH_URL).host];
  if (!appHosts.includes(host)) throw crossSite();
}

function crossSite() {
  return new AppError("forbidden:origin", "This request came from another site; use the IDE's own pages, or send an API token");
}

/** Reads a body, refusing more than `maxBytes` while it streams, so a huge upload cannot exhaust memory. */
export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const jsonMediaType = /^application\/([\w.-]+\+)?json$/;

/**
 * Reads and validates a JSON body of at most `maxBytes`. The request must say it is JSON: a page on
 * another site can send `text/plain` without asking first, but not `application/json`.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S>> {
  requireJsonContentType(req);
  const bytes = await readBody(req, maxBytes);
  if (bytes.byteLength === 0) throw new AppError("bad_request:body", "The request needs a JSON body");
  return parseJson(bytes, schema);
}

/**
 * readJson for a route where no body at all means the defaults (`curl -X POST`, fetch without a
 * body): undefined then; any body sent must be valid JSON, sent as JSON.
 */
export async function readOptionalJson<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S> | undefined> {
  const bytes = await readBody(req, maxBytes);
  if (bytes.byteLength === 0) return undefined;
  requireJsonContentType(req);
  return parseJson(bytes, schema);
}

function requireJsonContentType(req: Request) {
  const mediaType = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!jsonMediaType.test(mediaType))
    throw new AppError("bad_request:content_type", "Send the body as JSON, with the header `Content-Type: application/json`");
}

function parseJson<S extends z.ZodType>(bytes: Uint8Array, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new AppError("bad_request:json", "The request body is not valid JSON");
  }
  return schema.parse(json);
}

function tooLarge(maxBytes: number) {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError("too_large:body", `The request is larger than ${limit}; send fewer or smaller files at once`);
}
