import pg from "pg";
const admin = "postgresql://postgres@127.0.0.1:5432/postgres";
const name = `bench_try_${process.pid}`;
const c = new pg.Client(admin); await c.connect(); await c.query(`CREATE DATABASE ${name}`); await c.end();
process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/${name}`;
try {
  const { runStorageBench } = await import("/work/main/scripts/bench/storage-bench");
  const t = performance.now();
  console.log(JSON.stringify(await runStorageBench({ runs: 5 }), null, 1));
  console.log("total", performance.now() - t);
  const { getDatabase } = await import("/work/main/lib/db/client");
  await (await getDatabase()).close();
} finally {
  const c2 = new pg.Client(admin); await c2.connect(); await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); await c2.end();
}
