import { SandboxError, type Sandbox, type SandboxKind, type SandboxStatus, type UnavailableReason } from "./types";

/** A backend that could not start: it says why, and every verb rejects with EUNAVAILABLE. */
export function createUnavailableSandbox({
  kind,
  reason,
  message,
}: {
  kind: SandboxKind;
  reason: UnavailableReason;
  message: string;
}): Sandbox {
  let status: SandboxStatus = { state: "unavailable", reason, message };
  const refuse = async (): Promise<never> => {
    throw new SandboxError("EUNAVAILABLE", status.state === "unavailable" ? message : "This sandbox was closed");
  };
  return {
    kind,
    status: () => status,
    readFile: refuse,
    writeFile: refuse,
    readdir: refuse,
    stat: refuse,
    exists: refuse,
    mkdir: refuse,
    rm: refuse,
    rename: refuse,
    exec: refuse,
    openShell: refuse,
    onEvent: () => () => {},
    async dispose() {
      status = { state: "disposed" };
    },
  };
}
