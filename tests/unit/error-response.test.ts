import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http";

// What a client is told when a route fails: the status, the code, and whether to come back later.
describe("errorResponse", () => {
  it.each([
    { error: new AppError("unavailable:box_busy", "All sandboxes are busy (3 waiting); try again in a moment"), status: 503, retryAfter: "5" },
    { error: new AppError("unavailable:database", "The database is not answering"), status: 503, retryAfter: "5" },
    { error: new AppError("not_found:project", "This project does not exist"), status: 404, retryAfter: null },
    { error: new AppError("rate_limited", "Too many requests"), status: 429, retryAfter: null },
  ])("$error.code answers $status, Retry-After $retryAfter", async ({ error, status, retryAfter }) => {
    const res = errorResponse(error);
    expect(res.status).toBe(status);
    expect(res.headers.get("retry-after")).toBe(retryAfter);
    expect(await res.json()).toEqual({ error: { code: error.code, message: error.message } });
  });
});
