import type { EvalTask } from "../../types";

export default {
  name: "nested-search",
  covers: "a search across nested folders (replace a deprecated call in every file under src/)",
  turns: [{ prompt: "legacyFetch( is deprecated: replace every call to it with fetchJson( (same arguments, also exported by src/http.js), keeping legacyFetch's own definition." }],
  check: {
    command: "node main.mjs",
    stdoutIncludes: ['[{"url":"/users"},{"first":{"url":"/orders?page=2"},"totals":{"url":"/orders/totals"}},{"url":"/tables/stock"}]'],
    tree: (files) =>
      [...files]
        .filter(([path, text]) => path.startsWith("src/") && path !== "src/http.js" && text.includes("legacyFetch"))
        .map(([path]) => `${path} still uses legacyFetch`),
  },
} satisfies EvalTask;
