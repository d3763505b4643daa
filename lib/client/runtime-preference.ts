import { z } from "zod";
import type { RuntimeChoice } from "@/lib/sandbox";

/** localStorage: the runtime the person chose last ("webcontainer" | "box"), for every project. */
export const runtimePreferenceKey = "ide:runtime";
/** localStorage: how long WebContainer may take to boot, in ms (tests set it to fall back quickly). */
export const bootTimeoutOverrideKey = "ide:webcontainer-boot-timeout-ms";
/** localStorage: a WebContainer boot that failed in this browser; later opens do not boot until "Try again". */
export const bootFailureKey = "ide:webcontainer-boot-failure";

export const defaultRuntime: RuntimeChoice = "webcontainer";
const defaultBootTimeoutMs = 20_000;

type Storage = { getItem: (key: string) => string | null } | null;
type WritableStorage = (NonNullable<Storage> & { setItem: (key: string, value: string) => void; removeItem: (key: string) => void }) | null;

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

const bootFailureSchema = z.object({
  reason: z.enum(["timeout", "network"]),
  message: z.string().max(2000),
  at: z.string().max(40),
});
/** Why WebContainer could not boot in this browser, and when; kept until the person tries again. */
export type BootFailure = z.infer<typeof bootFailureSchema>;

/** Only boots that cost the person a wait are remembered: the page's own checks fail at once anyway. */
export function isRememberedFailure(reason: string): reason is BootFailure["reason"] {
  return reason === "timeout" || reason === "network";
}

export function readBootFailure({ storage }: { storage: Storage }): BootFailure | null {
  try {
    const parsed = bootFailureSchema.safeParse(JSON.parse(storage?.getItem(bootFailureKey) ?? "null"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function rememberBootFailure({ storage, failure }: { storage: WritableStorage; failure: BootFailure }) {
  try {
    storage?.setItem(bootFailureKey, JSON.stringify(failure));
  } catch {
    // Storage full or blocked: the next open tries again, in the background as always.
  }
}

export function forgetBootFailure({ storage }: { storage: WritableStorage }) {
  try {
    storage?.removeItem(bootFailureKey);
  } catch {
    // Blocked storage held no failure either.
  }
}
