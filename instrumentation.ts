// Opens the database (applying pending migrations) when the server starts, so the first request
// does not pay for it and a broken database stops the server at once with a clear error.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./lib/db/client");
  const db = await getDatabase();
  console.log(`Database ready (${db.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"})`);
  // Agent turns run inside server processes: those whose server's lease ran out were cut off by its
  // stop; turns other live servers run keep theirs.
  const { interruptOrphanTurns } = await import("./lib/db/queries/agent");
  const interrupted = await interruptOrphanTurns({ olderThan: new Date() });
  if (interrupted) console.log(`Marked ${interrupted} agent turn(s) whose server stopped as interrupted`);
}
