import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { classifyDatabaseError, logDatabaseFailure, type DatabaseFailure } from "./db/errors";
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
      return await handler(req, context);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError)
    return NextResponse.json({ error: { code: error.code, message: error.message, ...error.details } }, { status: error.status });
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

// Long enough for a restarting database, short enough that a person retrying is not kept waiting.
const databaseRetryAfterSeconds = 5;

function databaseFailureResponse(failure: DatabaseFailure, error: unknown): Response {
  logDatabaseFailure(failure, error);
  if (failure === "unstorable_text")
    return NextResponse.json(
      { error: { code: "bad_request:text", message: "The request holds a character the database cannot store (U+0000 NULL, or half of a surrogate pair); remove it and try again" } },
      { status: 400 },
    );
  const message =
    failure === "timeout"
      ? "The database did not answer in time; try again in a few seconds"
      : "The database cannot be reached right now; try again in a few seconds";
  return NextResponse.json(
    { error: { code: "unavailable:database", message } },
    { status: 503, headers: { "retry-after": String(databaseRetryAfterSeconds) } },
  );
}

/**
 * Reads and validates a JSON body, refusing bodies over `maxBytes` before parsing them, so a
 * huge upload cannot exhaust the server's memory.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S, maxBytes: number): Promise<z.output<S>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) throw new AppError("bad_request:body", "The request needs a JSON body");
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
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("bad_request:json", "The request body is not valid JSON");
  }
  return schema.parse(json);
}

function tooLarge(maxBytes: number) {
  return new AppError("too_large:body", `The request is larger than ${Math.round(maxBytes / 1024 / 1024)} MB; send fewer or smaller files at once`);
}
