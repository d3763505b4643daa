import { describe, expect, it } from "vitest";
import { defaultPreferences, preferencesSchema, storedPreferencesSchema } from "@/lib/validation/preferences";

const valid = { theme: "light", fontSize: 18, tabSize: 4, wordWrap: true, minimap: true };

describe("preferencesSchema", () => {
  it.each([
    ["the defaults", defaultPreferences],
    ["a full set", valid],
    ["the smallest font and tab", { ...valid, fontSize: 10, tabSize: 1 }],
    ["the largest font and tab", { ...valid, fontSize: 28, tabSize: 8 }],
    ["dark", { ...valid, theme: "dark" }],
  ])("accepts %s", (_, input) => {
    expect(preferencesSchema.parse(input)).toEqual(input);
  });

  it.each([
    ["a font below 10", { ...valid, fontSize: 9 }, "Font size must be between 10 and 28"],
    ["a font above 28", { ...valid, fontSize: 29 }, "Font size must be between 10 and 28"],
    ["a fractional font", { ...valid, fontSize: 12.5 }, "Font size must be a whole number"],
    ["a font as text", { ...valid, fontSize: "18" }, "Font size must be a number"],
    ["a tab of 0", { ...valid, tabSize: 0 }, "Tab size must be between 1 and 8"],
    ["a tab of 9", { ...valid, tabSize: 9 }, "Tab size must be between 1 and 8"],
    ["an unknown theme", { ...valid, theme: "sepia" }, "Theme must be one of: system, light, dark"],
    ["word wrap as text", { ...valid, wordWrap: "on" }, "Word wrap must be true or false"],
    ["a missing field", { theme: "dark", fontSize: 13, tabSize: 2, wordWrap: false }, "Minimap must be true or false"],
    ["an unknown field", { ...valid, fontFamily: "Comic Sans" }, "fontFamily"],
  ])("refuses %s with a message saying what to fix", (_, input, message) => {
    const result = preferencesSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(message);
  });
});

describe("storedPreferencesSchema", () => {
  it.each([
    ["nothing stored", undefined, defaultPreferences],
    ["not an object", "dark", defaultPreferences],
    ["an empty object", {}, defaultPreferences],
    ["a valid set", valid, valid],
    ["one bad field among good ones", { ...valid, fontSize: 400 }, { ...valid, fontSize: defaultPreferences.fontSize }],
    ["an older shape with fewer fields", { theme: "light" }, { ...defaultPreferences, theme: "light" }],
    ["fields it does not know", { ...valid, retired: 1 }, valid],
  ])("reads %s", (_, stored, expected) => {
    expect(storedPreferencesSchema.parse(stored)).toEqual(expected);
  });
});
