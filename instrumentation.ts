// Opens the database (applying pending migrations) when the server starts, so the first request
// does not pay for it and a broken database stops the server at once with a clear error.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./lib/db/client");
  const db = await getDatabase();
  console.log(`Database ready (${db.kind === "pglite" ? "embedded PGlite" : "PostgreSQL"})`);
  // Agent turns run inside server processes: those whose server's lease ran out were cut off by its
  // stop; turns other live servers run keep theirs. A server that stopped moments ago (its lease
  // still running, as in a quick restart) is swept by the next pass, here or on another instance.
  const { interruptOrphanTurns } = await import("./lib/db/queries/agent");
  const { turnLease } = await import("./lib/agent/turn-lease");
  const sweep = async () => {
    const interrupted = await interruptOrphanTurns({ olderThan: new Date() });
    if (interrupted) console.log(`Marked ${interrupted} agent turn(s) whose server stopped as interrupted`);
  };
  await sweep();
  setInterval(() => sweep().catch((error) => console.error("Could not sweep agent turns whose server stopped", error)), turnLease.leaseMs).unref();
  // Objects no snapshot reaches (deleted projects, saves killed halfway) are collected in the background.
  const { startObjectCollector } = await import("./lib/snapshots/gc-schedule");
  startObjectCollector();
}
