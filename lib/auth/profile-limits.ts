import "server-only";
import { APIError } from "better-auth/api";
import { z } from "zod";
import { profileLimits } from "@/lib/validation/profile";

// Control characters, halves of surrogate pairs and bidi overrides: invisible, unstorable or spoofing.
const forbiddenCharacter = /[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/u;

const text = (label: string, max: number) =>
  z
    .string()
    .max(max, `${label} is limited to ${max} characters`)
    .refine((value) => !forbiddenCharacter.test(value), `${label} contains an invisible control character; remove it`);

const profileSchema = z.object({
  name: text("The name", profileLimits.nameChars).optional(),
  email: text("The email address", profileLimits.emailChars).optional(),
  image: text("The image URL", 2048).nullish(),
});

/**
 * Refuses a user row that would store an oversized or unprintable name, email or image, whatever
 * better-auth endpoint is writing it (sign-up, update-user, change-email): a 400 before any write.
 */
export function checkProfileFields(fields: Record<string, unknown>) {
  const parsed = profileSchema.safeParse(fields);
  if (!parsed.success)
    throw new APIError("BAD_REQUEST", { code: "INVALID_PROFILE", message: parsed.error.issues[0]?.message ?? "The profile is not valid" });
}
