import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers (see docs/architecture.md): lib/ never reaches up into app/ or components/; UI reaches
// the database only through routes; only lib/sandbox/webcontainer may touch @webcontainer/api.
const restrict = (files, patterns) => ({ files, rules: { "no-restricted-imports": ["error", { patterns }] } });

export default [
  { ignores: [".next/**", "node_modules/**", "lib/db/generated/**", ".data/**", "test-results/**", "playwright-report/**"] },
  ...nextVitals,
  ...nextTs,
  restrict(["lib/**/*.{ts,tsx}"], [
    { group: ["@/app/*", "@/components/*", "@/hooks/*"], message: "lib/ is below app/, components/ and hooks/; move the shared type into lib/." },
  ]),
  restrict(["components/**/*.{ts,tsx}", "hooks/**/*.{ts,tsx}"], [
    { group: ["@/lib/db/*", "@/lib/auth/auth", "@/lib/auth/guard", "@/lib/snapshots/*", "@/lib/env"], message: "Client code reaches the server only through API routes (lib/client)." },
    { group: ["@webcontainer/api"], message: "Only lib/sandbox/webcontainer may import @webcontainer/api." },
  ]),
  restrict(["app/**/*.{ts,tsx}", "lib/agent/**/*.ts", "lib/projects/**/*.ts"], [
    { group: ["@webcontainer/api"], message: "Only lib/sandbox/webcontainer may import @webcontainer/api." },
  ]),
  {
    files: ["tests/**/*.ts", "scripts/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
];
