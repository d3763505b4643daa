import "server-only";
import { resolveModel } from "./providers";
import type { AgentUIMessage, ModelInfo } from "./ui-types";

/**
 * Whether a model takes images in a user message. Hosted models are known by name; a local server's
 * model is known only by the names vision models usually carry, or when AGENT_IMAGE_MODELS (a
 * comma-separated list of model ids or names) says so.
 */
export function modelAcceptsImages(info: ModelInfo, env: Record<string, string | undefined> = process.env): boolean {
  if (info.provider === "offline") return false;
  const name = info.id.slice(info.id.indexOf(":") + 1);
  const listed = (env.AGENT_IMAGE_MODELS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (listed.includes(info.id) || listed.includes(name)) return true;
  if (info.provider === "anthropic") return /^claude-/.test(name);
  if (info.provider === "openai") return /^(gpt-4o|gpt-4\.1|gpt-5|o[134])/.test(name);
  return /(vision|llava|-vl\b|vl:|pixtral|gemma3|minicpm-v|moondream|bakllava)/i.test(name);
}

/**
 * The conversation as a model that takes no images can read it: images attached earlier (under a
 * model that took them) become a line saying one was there, instead of a request the provider refuses.
 */
export function imagesForModel<M extends AgentUIMessage>({ messages, modelId }: { messages: M[]; modelId: string }): M[] {
  if (modelAcceptsImages(resolveModel(modelId).info)) return messages;
  return messages.map((message) =>
    message.role === "user" && message.parts.some((p) => p.type === "file")
      ? {
          ...message,
          parts: message.parts.map((p) =>
            p.type === "file" ? { type: "text" as const, text: `[The user attached an image${p.filename ? ` (${p.filename})` : ""} here; this model cannot see images]` } : p,
          ),
        }
      : message,
  );
}
