import { z } from "zod";
import { unstorableCharacter } from "@/lib/validation/characters";
import { idSchema, storedTextSchema } from "@/lib/validation/stored-text";
import { maxPromptChars } from "./limits";
import { imagePartSchema, messageContextLimits, messageContextSchema } from "./message-context";
import type { TurnRequest } from "./turn-types";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const toolResultPart = z.union([
  z.object({
    type: z.enum(["tool-run_command", "tool-run_code"]),
    toolCallId: z.string().min(1).max(200),
    state: z.literal("output-available"),
    output: z.object({
      exitCode: z.number().int(),
      stdout: z.string().max(40_000),
      stderr: z.string().max(40_000),
      durationMs: z.number().nonnegative(),
      note: z.string().max(1000).optional(),
      refusedWrites: z.object({ paths: z.array(z.string().max(1024)).max(1000), message: z.string().max(100_000) }).optional(),
    }),
  }),
  z.object({
    type: z.enum(["tool-run_command", "tool-run_code"]),
    toolCallId: z.string().min(1).max(200),
    state: z.literal("output-error"),
    errorText: z.string().max(4000),
  }),
]);
const approvalPart = z.object({
  type: z.string().max(200).startsWith("tool-"),
  state: z.literal("approval-responded"),
  approval: z.object({ id: z.string().min(1).max(200), approved: z.boolean(), reason: storedTextSchema({ label: "Reason", maxLength: 2000 }).optional() }),
});

/**
 * The chat route's body: only the newest message. Everything else comes from the database; from an
 * assistant message only the approval answers are taken.
 */
export const chatRequestSchema = z.object({
  message: z
    .object({ id: z.string().max(200).optional(), role: z.enum(["user", "assistant"]), parts: z.array(z.looseObject({ type: z.string().max(200) })).max(500) })
    .optional(),
  model: storedTextSchema({ label: "Model", maxLength: 200 }).optional(),
  runtime: z.enum(["webcontainer", "box"]).optional(),
  trigger: z.enum(["submit-message", "regenerate-message"]).optional(),
  /** Where the user is in the editor and what they @-mentioned, with a new prompt. */
  context: messageContextSchema.optional(),
});

export function toTurnRequest(body: z.infer<typeof chatRequestSchema>): TurnRequest {
  if (body.trigger === "regenerate-message") return { kind: "regenerate" };
  if (!body.message) throw new z.ZodError([{ code: "custom", path: ["message"], message: "A message is required", input: undefined }]);
  if (body.message.role === "assistant") {
    const decisions = body.message.parts.flatMap((p) => {
      const parsed = approvalPart.safeParse(p);
      return parsed.success ? [{ approvalId: parsed.data.approval.id, approved: parsed.data.approval.approved, reason: parsed.data.approval.reason }] : [];
    });
    // Results of commands the browser ran in its WebContainer; only pending calls will accept them.
    const toolResults = body.message.parts.flatMap((p) => {
      const parsed = toolResultPart.safeParse(p);
      if (!parsed.success) return [];
      const { toolCallId } = parsed.data;
      return [parsed.data.state === "output-available" ? { toolCallId, output: parsed.data.output } : { toolCallId, errorText: parsed.data.errorText }];
    });
    if (!body.message.id || decisions.length + toolResults.length === 0)
      throw new z.ZodError([{ code: "custom", path: ["message"], message: "An assistant message must carry approval answers or tool results", input: undefined }]);
    return { kind: "answer", messageId: body.message.id, decisions, toolResults };
  }
  const text = body.message.parts
    .flatMap((p) => {
      const parsed = textPart.safeParse(p);
      return parsed.success ? [parsed.data.text] : [];
    })
    .join("\n")
    .trim();
  const fileParts = body.message.parts.filter((p) => p.type === "file");
  if (fileParts.length > messageContextLimits.images)
    throw new z.ZodError([{ code: "custom", path: ["message", "parts"], message: `At most ${messageContextLimits.images} images can be attached to a message`, input: undefined }]);
  const images = fileParts.map((p) => imagePartSchema.parse(p));
  const context = body.context && (body.context.activeFile || body.context.mentions?.length) ? body.context : undefined;
  return { kind: "prompt", text: checkPrompt(text, ["message", "parts"]), ...(images.length ? { images } : {}), ...(context ? { context } : {}) };
}

export function checkPrompt(text: string, path: string[] = ["prompt"]): string {
  if (!text.trim()) throw new z.ZodError([{ code: "custom", path, message: "The prompt is empty", input: undefined }]);
  if (text.length > maxPromptChars)
    throw new z.ZodError([{ code: "custom", path, message: `The prompt is too long (${text.length} characters; the limit is ${maxPromptChars})`, input: undefined }]);
  const bad = unstorableCharacter(text);
  if (bad) throw new z.ZodError([{ code: "custom", path, message: `The prompt contains ${bad}, which cannot be stored; remove it`, input: undefined }]);
  return text;
}

/** POST /api/agent */
export const headlessRequestSchema = z.object({
  prompt: z.string({ error: "prompt is required and must be a string" }),
  sessionId: idSchema.optional(),
  projectId: idSchema.optional(),
  stream: z.boolean().optional(),
  /** Start a fresh session (it becomes the default one) instead of continuing the default session. */
  newSession: z.boolean().optional(),
});
