import type { EvalTask } from "../../types";

export const catalogLines = 3000;

/**
 * src/catalog.js: 3,000 lines of small generated functions, with formatPrice (the bug: one decimal)
 * and formatWeight (one decimal, rightly) near line 2,400.
 */
function catalog(): string {
  const lines = ["// Product catalog helpers, one function per product family (generated; edit by hand with care).", ""];
  const special = [
    "/** Formats cents as dollars with two decimals: 150 → \"$1.50\". */",
    "export function formatPrice(cents) {",
    "  return \"$\" + (cents / 100).toFixed(1);",
    "}",
    "",
    "/** Formats grams as kilograms with one decimal: 1234 → \"1.2 kg\". */",
    "export function formatWeight(grams) {",
    "  return (grams / 1000).toFixed(1) + \" kg\";",
    "}",
    "",
  ];
  for (let family = 0; lines.length < catalogLines; family++) {
    if (lines.length === 2398) lines.push(...special);
    const id = String(family).padStart(4, "0");
    lines.push(`export function family${id}(price) {`, `  return price + ${family % 7};`, "}", "");
  }
  return lines.slice(0, catalogLines).join("\n") + "\n";
}

export default {
  name: "big-file",
  covers: "a 3,000-line file (a one-line fix near line 2,400)",
  generated: () => ({ "src/catalog.js": catalog() }),
  turns: [{ prompt: "formatPrice in src/catalog.js shows one decimal; prices need two (150 cents → \"$1.50\"). Fix it and run test/format.test.mjs." }],
  check: {
    command: "node .eval-check/check.mjs",
    stdoutIncludes: ["all good"],
    tree: (files, seed) => {
      const after = files.get("src/catalog.js")?.split("\n") ?? [];
      const before = seed.get("src/catalog.js")!.split("\n");
      const changed = before.filter((line, i) => after[i] !== line).length;
      return after.length === before.length && changed <= 1 ? [] : [`src/catalog.js: ${after.length - 1} lines, ${changed} changed (expected one fixed line)`];
    },
  },
} satisfies EvalTask;
