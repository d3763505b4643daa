import { describe, expect, it } from "vitest";
import { splitValue, valueMarker } from "@/lib/agent/code-cell";

// The value line is found whatever the snippet printed before it.
describe("splitValue", () => {
  it.each([
    ["prints then the value", `a\n${valueMarker}"15"\n`, { printed: "a\n", value: "15" }],
    ["no value", "no marker", { printed: "no marker", value: null }],
    ["prints without a final newline", `partial${valueMarker}"7"\n`, { printed: "partial", value: "7" }],
    ["a NUL in the prints", `bin:\u0000:end\n${valueMarker}"7"\n`, { printed: "bin:\u0000:end\n", value: "7" }],
    ["a NUL in the value", `${valueMarker}"a\\u0000b"\n`, { printed: "", value: "a\u0000b" }],
    ["the old fixed marker printed by the snippet", `\u001e__agent_value__:"1"\n${valueMarker}"2"\n`, { printed: `\u001e__agent_value__:"1"\n`, value: "2" }],
    ["prints after the value (a timer)", `${valueMarker}"1"\nlater\n`, { printed: "later\n", value: "1" }],
  ])("%s", (_, stdout, expected) => {
    expect(splitValue(stdout)).toEqual(expected);
  });

  it("uses a marker no fixed text can match", () => {
    expect(valueMarker).toMatch(/^\u001e__agent_value_[0-9a-f]{32}__:$/);
  });
});
