import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCaller, type Caller } from "./guard";

/** For pages: the signed-in caller, or a redirect to sign-in that comes back here afterwards. */
export async function requirePageCaller(returnTo: string): Promise<Caller> {
  const caller = await getCaller(await headers());
  if (!caller) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return caller;
}
