import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCaller, type Caller } from "./guard";

/**
 * For pages: the signed-in caller, or a redirect to sign-in that comes back here afterwards. Pages
 * take the browser's session only: an API token is for the API, and a page would not apply a
 * token's workspace scope (the project list would show projects outside it).
 */
export async function requirePageCaller(returnTo: string): Promise<Caller> {
  const caller = await getCaller(await headers());
  if (!caller || caller.token) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return caller;
}
