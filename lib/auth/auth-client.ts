import { createAuthClient } from "better-auth/react";

/** Browser-side auth calls; the server half is lib/auth/auth.ts. */
export const authClient = createAuthClient();
