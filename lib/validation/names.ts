import { z } from "zod";
import { storedTextSchema } from "./stored-text";

/** A name a person gives something (a project, an API token): trimmed, required and bounded. */
export function nameSchema({ noun, maxLength }: { noun: string; maxLength: number }) {
  return storedTextSchema({ label: `${noun} name`, maxLength, minLength: 1, trim: true });
}

/** The first problem `schema` finds with a name, or null when it is acceptable: shown beside the field. */
export function nameProblem({ schema, name }: { schema: z.ZodType; name: string }): string | null {
  const parsed = schema.safeParse(name);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? "Invalid name");
}
