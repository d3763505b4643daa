import { rowChangeCounter } from "./row-changes";

// Written by reads too: better-auth's rate-limit counters, and sessions refreshed on use.
const readWrittenTables = new Set(["rate_limits", "sessions", "_prisma_migrations"]);

/**
 * Changes to every row of every application table: equal before and after a request means the
 * request changed nothing (no row added, removed or edited). A save that writes an object someone
 * already stored touches its writtenAt (when over a minute old) so a collection running meanwhile
 * keeps it, even if the save is then refused: that clock alone is not a change.
 */
export const databaseFingerprint = rowChangeCounter({ skipTable: (name) => readWrittenTables.has(name), skipColumns: ["writtenAt"] });
