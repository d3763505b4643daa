import type { RuntimeChoice } from "@/lib/sandbox";

/** localStorage: the runtime the person chose last ("webcontainer" | "box"), for every project. */
export const runtimePreferenceKey = "ide:runtime";
/** localStorage: how long WebContainer may take to boot, in ms (tests set it to fall back quickly). */
export const bootTimeoutOverrideKey = "ide:webcontainer-boot-timeout-ms";

export const defaultRuntime: RuntimeChoice = "webcontainer";
const defaultBootTimeoutMs = 20_000;

type Storage = { getItem: (key: string) => string | null } | null;

export function parseRuntimeChoice(value: string | null | undefined): RuntimeChoice {
  return value === "box" || value === "webcontainer" ? value : defaultRuntime;
}

function parseTimeout(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Number(value);
  return Number.isFinite(ms) && ms >= 100 && ms <= 600_000 ? Math.round(ms) : null;
}

/**
 * The WebContainer boot timeout: the localStorage override, else NEXT_PUBLIC_WEBCONTAINER_BOOT_TIMEOUT_MS
 * (inlined at build time), else 20 s. Values outside 0.1 s – 10 min are ignored.
 */
export function readBootTimeoutMs({ storage, buildValue }: { storage: Storage; buildValue: string | undefined }): number {
  return parseTimeout(storage?.getItem(bootTimeoutOverrideKey)) ?? parseTimeout(buildValue) ?? defaultBootTimeoutMs;
}

export const runtimeLabelByChoice: Record<RuntimeChoice, string> = { webcontainer: "WebContainer", box: "Offline box" };
