import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { adminDatabaseUrl, createDatabase, dropDatabase } from "@/scripts/lib/throwaway-database";

/** A throwaway database per run on the real Postgres server, dropped afterwards. */
export default async function setup(project: TestProject) {
  const adminUrl = adminDatabaseUrl();
  const name = `ide_test_${randomBytes(6).toString("hex")}`;
  project.provide("databaseUrl", await createDatabase({ adminUrl, name }));
  return () => dropDatabase({ adminUrl, name });
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
