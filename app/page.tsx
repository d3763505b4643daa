import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getCaller } from "@/lib/auth/guard";

export default async function Home() {
  redirect((await getCaller(await headers())) ? "/projects" : "/sign-in");
}
