import { defineConfig } from "prisma/config";

// No datasource URL here: the CLI is used offline only for generate/validate/format, and
// migrations are written and applied by scripts/db-*.ts through the WASM schema engine.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
