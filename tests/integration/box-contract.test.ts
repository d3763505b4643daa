import { runSandboxContract } from "@/tests/contract/sandbox-contract";
import { createBoxSandbox } from "@/lib/sandbox/box/host";

runSandboxContract("offline box", async ({ files, limits }) => ({
  sandbox: await createBoxSandbox({ files, limits, log: () => undefined }),
}));
