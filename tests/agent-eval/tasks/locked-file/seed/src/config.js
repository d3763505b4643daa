import fs from "node:fs";

/**
 * The settings: config/defaults.json (shared, locked), then config/local.json on top of it when it
 * exists (this machine's overrides).
 */
export function loadConfig() {
  const defaults = JSON.parse(fs.readFileSync("config/defaults.json", "utf8"));
  const local = fs.existsSync("config/local.json") ? JSON.parse(fs.readFileSync("config/local.json", "utf8")) : {};
  return { ...defaults, ...local };
}
