import { z } from "zod";

/** "system" follows the operating system's light or dark setting, live. */
export const themeChoices = ["system", "light", "dark"] as const;
export const themeChoiceSchema = z.enum(themeChoices, { message: `Theme must be one of: ${themeChoices.join(", ")}` });
export type ThemeChoice = z.infer<typeof themeChoiceSchema>;

/** Bounds a person can still read and type with; the settings form and the server share them. */
export const preferenceLimits = {
  fontSize: { min: 10, max: 28 },
  tabSize: { min: 1, max: 8 },
} as const;

const boundedInteger = (label: string, { min, max }: { min: number; max: number }) =>
  z
    .number({ message: `${label} must be a number` })
    .int(`${label} must be a whole number`)
    .min(min, `${label} must be between ${min} and ${max}`)
    .max(max, `${label} must be between ${min} and ${max}`);

/** A person's appearance and editor preferences, kept on the server so they follow them to any browser. */
export const preferencesSchema = z.strictObject({
  theme: themeChoiceSchema,
  fontSize: boundedInteger("Font size", preferenceLimits.fontSize),
  tabSize: boundedInteger("Tab size", preferenceLimits.tabSize),
  wordWrap: z.boolean({ message: "Word wrap must be true or false" }),
  minimap: z.boolean({ message: "Minimap must be true or false" }),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences: Preferences = { theme: "system", fontSize: 13, tabSize: 2, wordWrap: false, minimap: false };

/**
 * Reads preferences stored earlier (the database row, localStorage): a field missing, out of bounds
 * or from an older shape falls back to its default instead of losing the others.
 */
export const storedPreferencesSchema = z
  .object({
    theme: preferencesSchema.shape.theme.catch(defaultPreferences.theme),
    fontSize: preferencesSchema.shape.fontSize.catch(defaultPreferences.fontSize),
    tabSize: preferencesSchema.shape.tabSize.catch(defaultPreferences.tabSize),
    wordWrap: preferencesSchema.shape.wordWrap.catch(defaultPreferences.wordWrap),
    minimap: preferencesSchema.shape.minimap.catch(defaultPreferences.minimap),
  })
  .catch(defaultPreferences);

/** The localStorage key that caches the preferences for the first paint (app/layout.tsx reads it before React). */
export const preferencesStorageKey = "ide:preferences:v1";
