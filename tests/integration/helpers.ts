import { randomUUID } from "node:crypto";
import { getAuth } from "@/lib/auth/auth";

export type TestUser = { userId: string; email: string; headers: Headers };

/** Signs a new user up through better-auth and returns headers carrying their session cookie. */
export async function signUpUser(name = "Test User"): Promise<TestUser> {
  const auth = await getAuth();
  const email = `user-${randomUUID()}@example.test`;
  const res = await auth.api.signUpEmail({
    body: { email, password: "correct horse battery", name },
    headers: new Headers({ host: "localhost:3000" }),
    asResponse: true,
  });
  if (!res.ok) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { user } = (await res.json()) as { user: { id: string } };
  return { userId: user.id, email, headers: new Headers({ cookie, host: "localhost:3000" }) };
}

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;

/** Calls a route handler as Next would, with JSON in and JSON (or bytes) out. */
export async function call<P extends Record<string, string | string[] | undefined>>(
  handler: Handler<P>,
  /** `body` is sent raw, as `contentType` (JSON unless told otherwise; null sends none). */
  options: { user?: TestUser; params?: P; url?: string; method?: string; json?: unknown; body?: string; contentType?: string | null },
) {
  const headers = new Headers(options.user?.headers ?? { host: "localhost:3000" });
  let body = options.body;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  const contentType = options.contentType === undefined ? "application/json" : options.contentType;
  if (body !== undefined && contentType !== null) headers.set("content-type", contentType);
  const req = new Request(`http://localhost:3000${options.url ?? "/api/test"}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve((options.params ?? {}) as P) });
  const type = res.headers.get("content-type") ?? "";
  const data = type.includes("json") ? await res.json() : new Uint8Array(await res.arrayBuffer());
  return { status: res.status, data: data as any, headers: res.headers };
}
