import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers (see docs/architecture.md): lib/ never reaches up into app/ or components/; UI reaches
// the database only through routes; only lib/sandbox/webcontainer may touch @webcontainer/api.
// Flat config replaces a rule per matching block, so each block lists every pattern that applies.
const upward = {
  group: ["@/app/*", "@/components/*", "@/hooks/*"],
  message: "lib/ is below app/, components/ and hooks/; move the shared type into lib/.",
};
const serverOnly = {
  group: ["@/lib/db/*", "@/lib/auth/auth", "@/lib/auth/guard", "@/lib/snapshots/*", "@/lib/env", "@/lib/projects/*"],
  message: "Client code reaches the server only through API routes (lib/client).",
};
const webcontainer = { group: ["@webcontainer/api"], message: "Only lib/sandbox/webcontainer may import @webcontainer/api." };
const restrict = (files, patterns, ignores) => ({
  files,
  ...(ignores ? { ignores } : {}),
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

const config = [
  {
    ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", "test-results/**", "playwright-report/**", "tmp/**", ".box/**", "public/monaco/**"],
  },
  ...nextVitals,
  ...nextTs,
  restrict(["lib/**/*.{ts,tsx}"], [upward, webcontainer], ["lib/sandbox/webcontainer/**"]),
  restrict(["lib/sandbox/webcontainer/**/*.ts"], [upward]),
  restrict(["components/**/*.{ts,tsx}", "hooks/**/*.{ts,tsx}"], [serverOnly, webcontainer]),
  // The fake of @webcontainer/api and the adapter's tests type themselves against the real API.
  restrict(["app/**/*.{ts,tsx}", "tests/**/*.ts", "scripts/**/*.ts"], [webcontainer], ["tests/**/*webcontainer*"]),
  {
    files: ["tests/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  // monaco-editor's main entry pulls every editor feature into the page; the editor's code comes from
  // the one module that picks them. Types may come from anywhere: they cost the page nothing.
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "hooks/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["components/editor/monaco-core.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { paths: [{ name: "monaco-editor", allowTypeImports: true, message: "Import Monaco from components/editor/monaco-core (it picks the features the page loads)." }] },
      ],
    },
  },
];

export default config;
