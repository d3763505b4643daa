// GET|POST /api/auth/* – better-auth's sign-up, sign-in, sign-out and session endpoints
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";
import { authRequest } from "@/lib/auth/auth-request";
import { errorResponse } from "@/lib/http";

const handle = async (req: Request) => {
  try {
    return (await getAuth()).handler(await authRequest(req));
  } catch (error) {
    return errorResponse(error);
  }
};

export const { GET, POST } = toNextJsHandler(handle);
