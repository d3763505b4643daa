// GET|POST /api/auth/* – better-auth's sign-up, sign-in, sign-out and session endpoints
import { toNextJsHandler } from "better-auth/next-js";
import { getAuth } from "@/lib/auth/auth";

const handle = async (req: Request) => (await getAuth()).handler(req);

export const { GET, POST } = toNextJsHandler(handle);
