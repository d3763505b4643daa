import { z } from "zod";
import { maxPromptChars } from "./limits";
import type { TurnRequest } from "./turn";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const approvalPart = z.object({
  type: z.string().startsWith("tool-"),
  state: z.literal("approval-responded"),
  approval: z.object({ id: z.string().min(1).max(200), approved: z.boolean(), reason: z.string().max(2000).optional() }),
});

/**
 * The chat route's body: only the newest message. Everything else comes from the database; from an
 * assistant message only the approval answers are taken.
 */
export const chatRequestSchema = z.object({
  message: z
    .object({ id: z.string().max(200).optional(), role: z.enum(["user", "assistant"]), parts: z.array(z.looseObject({ type: z.string() })).max(500) })
    .optional(),
  model: z.string().max(200).optional(),
  trigger: z.enum(["submit-message", "regenerate-message"]).optional(),
});

export function toTurnRequest(body: z.infer<typeof chatRequestSchema>): TurnRequest {
  if (body.trigger === "regenerate-message") return { kind: "regenerate" };
  if (!body.message) throw new z.ZodError([{ code: "custom", path: ["message"], message: "A message is required", input: undefined }]);
  if (body.message.role === "assistant") {
    const decisions = body.message.parts.flatMap((p) => {
      const parsed = approvalPart.safeParse(p);
      return parsed.success ? [{ approvalId: parsed.data.approval.id, approved: parsed.data.approval.approved, reason: parsed.data.approval.reason }] : [];
    });
    if (!body.message.id || decisions.length === 0)
      throw new z.ZodError([{ code: "custom", path: ["message"], message: "An assistant message must carry approval answers", input: undefined }]);
    return { kind: "approval", messageId: body.message.id, decisions };
  }
  const text = body.message.parts
    .flatMap((p) => {
      const parsed = textPart.safeParse(p);
      return parsed.success ? [parsed.data.text] : [];
    })
    .join("\n")
    .trim();
  return { kind: "prompt", text: checkPrompt(text, ["message", "parts"]) };
}

export function checkPrompt(text: string, path: string[] = ["prompt"]): string {
  if (!text.trim()) throw new z.ZodError([{ code: "custom", path, message: "The prompt is empty", input: undefined }]);
  if (text.length > maxPromptChars)
    throw new z.ZodError([{ code: "custom", path, message: `The prompt is too long (${text.length} characters; the limit is ${maxPromptChars})`, input: undefined }]);
  return text;
}

/** POST /api/agent */
export const headlessRequestSchema = z.object({
  prompt: z.string({ error: "prompt is required and must be a string" }),
  sessionId: z.string().min(1).max(100).optional(),
  projectId: z.string().min(1).max(100).optional(),
  stream: z.boolean().optional(),
});
