import { describe, expect, it } from "vitest";
import { unstorableCharacter } from "@/lib/validation/characters";
import { idSchema, storedTextSchema } from "@/lib/validation/stored-text";

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
