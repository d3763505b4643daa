import { describe, expect, it } from "vitest";
import { unstorableCharacter } from "@/lib/validation/characters";
import { titleFromPrompt as serverTitle } from "@/lib/agent/sessions";
import { titleFromPrompt as clientTitle } from "@/lib/client/agent-chat";
import { clipText, idSchema, storableLabel, storedTextSchema } from "@/lib/validation/stored-text";

describe("unstorableCharacter", () => {
  it.each([
    ["plain text", null],
    ["emoji \u{1F600} and 名前", null],
    ["a\u0000b", "U+0000 NULL"],
    ["a\ud800b", "U+D800 (half of a surrogate pair, not a character)"],
    ["\udfff", "U+DFFF (half of a surrogate pair, not a character)"],
  ])("%j → %j", (text, expected) => {
    expect(unstorableCharacter(text)).toBe(expected);
  });
});

describe("storedTextSchema", () => {
  const title = storedTextSchema({ label: "Title", maxLength: 10, minLength: 1, trim: true });

  it.each([
    ["  hi  ", "hi"],
    ["0123456789", "0123456789"],
  ])("accepts %j as %j", (input, expected) => {
    expect(title.parse(input)).toBe(expected);
  });

  it.each([
    ["a\u0000b", "Title contains U+0000 NULL, which cannot be stored; remove it"],
    ["\ud800", "Title contains U+D800 (half of a surrogate pair, not a character), which cannot be stored; remove it"],
    ["   ", "Title is required"],
    ["01234567890", "Title is limited to 10 characters"],
    [42, "Title must be text"],
  ])("refuses %j: %s", (input, message) => {
    const parsed = title.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe(message);
  });

  it("caps ids", () => {
    expect(idSchema.safeParse("x".repeat(65)).success).toBe(false);
    expect(idSchema.safeParse("").success).toBe(false);
    expect(idSchema.safeParse("clx1abc").success).toBe(true);
  });
});

describe("titles made from prompts", () => {
  // 😀 is two UTF-16 units: a cut between them would leave half a character, which cannot be stored.
  const emojis = "😀".repeat(100);

  it.each([
    ["clipText", clipText(emojis, 79)],
    ["the panel's titleFromPrompt", clientTitle({ prompt: emojis })],
    ["the headless titleFromPrompt", serverTitle(emojis)],
    ["an odd offset", clipText(`x${emojis}`, 80)],
  ])("%s never splits a surrogate pair", (_label, title) => {
    expect(unstorableCharacter(title)).toBeNull();
    expect(title.length).toBeGreaterThan(50);
  });

  it("leaves short text alone", () => {
    expect(clipText("short", 10)).toBe("short");
  });

  it("the panel's title is a session title the server accepts", () => {
    expect(storedTextSchema({ label: "Session title", maxLength: 200, minLength: 1, trim: true }).safeParse(clientTitle({ prompt: emojis })).success).toBe(true);
  });
});

describe("storableLabel", () => {
  it.each([
    ["Run: a\u0000b", 100, "Run: a\u2400b"],
    ["half \ud83d", 100, "half \ufffd"],
    ["😀😀😀", 3, "😀"],
    ["plain", 100, "plain"],
  ])("%j (max %i) → %j", (text, max, expected) => {
    expect(storableLabel(text, max)).toBe(expected);
  });
});
