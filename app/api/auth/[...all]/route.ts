// GET|POST /api/auth/* – better-auth's sign-up, sign-in, sign-out and session endpoints
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { authRequest } from "@/lib/auth/auth-request";
import { forgetCachedSessions, getCaller } from "@/lib/auth/guard";
import { errorResponse } from "@/lib/http";

// Endpoints that end sessions: the guard's session cache must not outlive them on this instance.
// Sign-out ends the caller's own; the others may end every session of the user. update-user ends
// none, but the cached caller holds the old name, which pages would show for a while.
const endsOwnSession = /\/sign-out$/;
const endsUserSessions = /\/(revoke-sessions?|revoke-other-sessions|change-password|delete-user|update-user)$/;

const handle = async (req: Request) => {
  try {
    const { pathname } = new URL(req.url);
    const ownOnly = req.method === "POST" && endsOwnSession.test(pathname);
    const all = req.method === "POST" && endsUserSessions.test(pathname);
    const caller = all ? await getCaller(req.headers) : null;
    const response = await (await getAuth()).handler(await authRequest(req));
    if (ownOnly || all) forgetCachedSessions({ headers: req.headers, userId: caller?.userId });
    return response;
  } catch (error) {
    return errorResponse(error);
  }
};

export const { GET, POST } = toNextJsHandler(handle);
