import { afterEach, describe, expect, it, vi } from "vitest";
import { classifyDatabaseError, logDatabaseFailure } from "@/lib/db/errors";

// Shapes as @prisma/adapter-pg, pg, pg-pool and better-auth surface them (seen against a real server).
const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("\nInvalid `prisma.project.findMany()` invocation:\n\nSomething"), { code, meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
const pgError = (code: string) => Object.assign(new Error("server says no"), { code, severity: "FATAL" });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect", errno: -111 });

describe("classifyDatabaseError", () => {
  it.each([
    ["Prisma: server not reachable", prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5432 }), "unreachable"],
    ["Prisma: connection closed", prismaError("P1017", { kind: "ConnectionClosed" }), "unreachable"],
    ["adapter: admin shutdown 57P01", prismaError("P2010", { kind: "postgres", originalCode: "57P01" }), "unreachable"],
    ["adapter: cannot connect now 57P03", prismaError("P2010", { kind: "postgres", originalCode: "57P03" }), "unreachable"],
    ["adapter: connection failure 08006", prismaError("P2010", { kind: "postgres", originalCode: "08006" }), "unreachable"],
    ["adapter: statement timeout 57014", prismaError("P2010", { kind: "postgres", originalCode: "57014" }), "timeout"],
    ["adapter: NUL in text 22021", prismaError("P2039", { kind: "postgres", originalCode: "22021" }), "unstorable_text"],
    ["adapter: NUL in jsonb 22P05", prismaError("P2010", { kind: "postgres", originalCode: "22P05" }), "unstorable_text"],
    ["pg: 57P01 raw", pgError("57P01"), "unreachable"],
    ["socket: ECONNREFUSED", socketError("ECONNREFUSED"), "unreachable"],
    ["pg-pool: connection timeout", new Error("Connection terminated due to connection timeout"), "timeout"],
    ["pg-pool: waiting for a client", new Error("timeout exceeded when trying to connect"), "timeout"],
    ["pg: query read timeout", new Error("Query read timeout"), "timeout"],
    ["pg: connection died", new Error("Connection terminated unexpectedly"), "unreachable"],
    ["pg: a closed connection used", new Error("Client has encountered a connection error and is not queryable"), "unreachable"],
    ["better-auth wrapping one", Object.assign(new Error("Failed to get session"), { cause: new Error("Query read timeout") }), "timeout"],
    ["a unique violation", prismaError("P2002", { kind: "UniqueConstraintViolation" }), null],
    ["a record not found", Object.assign(new Error("No record"), { code: "P2025" }), null],
    ["a client that hung up mid-request", Object.assign(new Error("aborted"), { code: "ECONNRESET" }), null],
    ["a bug", new TypeError("x is undefined"), null],
    ["not an error", "nope", null],
  ])("%s → %s", (_label, error, expected) => {
    expect(classifyDatabaseError(error)).toBe(expected);
  });
});

describe("logDatabaseFailure", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs one line per kind a minute, with the innermost message", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void lines.push(line));
    const down = Object.assign(new Error("Failed to get session"), { cause: new Error("Connection terminated unexpectedly") });
    logDatabaseFailure("unreachable", down, 1_000_000);
    logDatabaseFailure("unreachable", down, 1_030_000);
    logDatabaseFailure("timeout", new Error("Query read timeout"), 1_030_000);
    logDatabaseFailure("unreachable", down, 1_061_000);
    expect(lines).toEqual([
      "Database unreachable: Connection terminated unexpectedly (repeats of this kind are logged at most once a minute)",
      "Database timeout: Query read timeout (repeats of this kind are logged at most once a minute)",
      "Database unreachable: Connection terminated unexpectedly (repeats of this kind are logged at most once a minute)",
    ]);
  });
});
