import { describe, expect, it } from "vitest";
import { highlightFile, highlightMaxChars, languageOf } from "@/components/editor/light-highlight";

describe("the light view's colouring", () => {
  it("picks the language from the file's name", () => {
    expect(languageOf("src/app.tsx")).toBe("typescript");
    expect(languageOf("index.MJS")).toBe("javascript");
    expect(languageOf("deploy/Dockerfile")).toBe("dockerfile");
    expect(languageOf(".env.local")).toBe("ini");
    expect(languageOf("a/.gitignore")).toBeNull();
    expect(languageOf("LICENSE")).toBeNull();
    expect(languageOf("odd.constructor")).toBeNull();
  });

  it("colours tokens and escapes the text, so a file's markup is shown, never run", async () => {
    const html = await highlightFile("page.ts", 'const s = "<img src=x onerror=alert(1)>"; // <b>\n');
    expect(html).toContain('<span class="hljs-keyword">const</span>');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain('<span class="hljs-comment">// &lt;b&gt;</span>');
    expect(html).not.toContain("<img");
  });

  it("leaves a file it cannot colour, or one too long to colour per keystroke, plain", async () => {
    expect(await highlightFile("notes.unknown", "text")).toBeNull();
    expect(await highlightFile("big.ts", "x".repeat(highlightMaxChars + 1))).toBeNull();
  });
});
