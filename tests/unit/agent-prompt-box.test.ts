import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { messageContextLimits } from "@/lib/agent/message-context";
import type { AgentUIMessage } from "@/lib/agent/ui-types";
import { imageProblem, insertMention, mentionQuery, mentionSuggestions } from "@/lib/client/agent-attachments";
import { buildChatRequestBody } from "@/lib/client/agent-chat";
import { selectionForMessage } from "@/lib/client/editor-context";
import { UserMessage } from "@/components/agent/agent-message";

describe("@-mentions in the prompt box", () => {
  it.each<[string, number, { query: string; start: number } | null]>([
    ["look at @sr", 11, { query: "sr", start: 8 }],
    ["@", 1, { query: "", start: 0 }],
    ["mail me@exa", 11, null],
    ["done @a.ts then", 15, null],
    ["(@lib", 5, { query: "lib", start: 1 }],
  ])("%j with the caret at %d", (value, caret, expected) => {
    expect(mentionQuery({ value, caret })).toEqual(expected);
  });

  it("inserts the picked path and moves the caret after it", () => {
    expect(insertMention({ value: "see @ut now", start: 4, caret: 7, path: "src/util.js" })).toEqual({ value: "see @src/util.js now", caret: 17 });
    expect(insertMention({ value: "see @ut", start: 4, caret: 7, path: "src/util.js" })).toEqual({ value: "see @src/util.js ", caret: 17 });
  });

  it("ranks paths by the query, a handful at most", () => {
    const paths = Array.from({ length: 20 }, (_, i) => `src/file${i}.ts`).concat("src/util.js", "lib/cube.ts");
    expect(mentionSuggestions({ query: "utl", paths })[0]).toBe("src/util.js");
    expect(mentionSuggestions({ query: "", paths })).toHaveLength(8);
  });
});

describe("images and the editor context", () => {
  it.each<[{ name: string; type: string; size: number }, number, RegExp | null]>([
    [{ name: "a.png", type: "image/png", size: 1000 }, 0, null],
    [{ name: "a.svg", type: "image/svg+xml", size: 1000 }, 0, /not a PNG, JPEG, GIF or WebP/],
    [{ name: "big.jpg", type: "image/jpeg", size: messageContextLimits.imageBytes + 1 }, 0, /larger than 2 MB/],
    [{ name: "a.webp", type: "image/webp", size: 10 }, messageContextLimits.images, /At most 4 images/],
  ])("%o with %d attached", (file, attached, problem) => {
    const found = imageProblem({ file, attached });
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeNull();
  });

  it("cuts a long selection and drops a blank one", () => {
    expect(selectionForMessage({ text: "  \n ", startLine: 1, endLine: 2 })).toBeUndefined();
    const long = selectionForMessage({ text: "x".repeat(messageContextLimits.selectionChars + 5), startLine: 1, endLine: 1 })!;
    expect(long).toMatchObject({ truncated: true });
    expect(long.text).toHaveLength(messageContextLimits.selectionChars);
  });

  const user: AgentUIMessage = { id: "u1", role: "user", parts: [{ type: "text", text: "hi" }] };
  const assistant: AgentUIMessage = { id: "a1", role: "assistant", parts: [] };
  const context = { activeFile: { path: "a.js", line: 1, column: 1 } };

  it("sends the context with a new prompt only", () => {
    expect(buildChatRequestBody({ messages: [user], trigger: "submit-message", model: null, context })).toEqual({ message: user, trigger: "submit-message", runtime: "box", context });
    expect(buildChatRequestBody({ messages: [user, assistant], trigger: "submit-message", model: "m", context })).toEqual({ message: assistant, model: "m", trigger: "submit-message", runtime: "box" });
    expect(buildChatRequestBody({ messages: [user], trigger: "regenerate-message", model: null, context })).not.toHaveProperty("context");
  });
});

describe("a sent message shows what went with it", () => {
  const render = (parts: AgentUIMessage["parts"]) => renderToStaticMarkup(createElement(UserMessage, { message: { id: "u", role: "user", parts } }));

  it("shows the active file, the selection, the mentions and the images", () => {
    const html = render([
      { type: "text", text: "why?" },
      { type: "file", mediaType: "image/png", filename: "shot.png", url: "data:image/png;base64,AA==" },
      {
        type: "data-context",
        data: { activeFile: { path: "src/a.ts", line: 4, column: 2, selection: { startLine: 3, endLine: 5, text: "x" } }, mentions: ["b.js"], text: "…" },
      },
    ]);
    expect(html).toContain('alt="shot.png"');
    expect(html).toContain("src/a.ts:4 (lines 3–5 selected) · @b.js");
  });

  it("shows the text alone when nothing went with it", () => {
    expect(render([{ type: "text", text: "hi" }])).not.toContain("agent-message-context");
  });
});
