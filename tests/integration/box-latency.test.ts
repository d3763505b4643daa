import { test } from "vitest";
import { createBoxSandbox } from "@/lib/sandbox/box/host";

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
test("latency", async () => {
  const cold: number[] = [], spare: number[] = [];
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const a = await createBoxSandbox({ keepSpare: false, log: () => undefined });
    cold.push(performance.now() - t);
    await a.dispose();
  }
  for (let i = 0; i < 3; i++) {
    await createBoxSandbox({ log: () => undefined }).then((b) => b.dispose());
    await new Promise((r) => setTimeout(r, 1500));
    const t = performance.now();
    const b = await createBoxSandbox({ log: () => undefined });
    spare.push(performance.now() - t);
    await b.dispose();
  }
  const box = await createBoxSandbox({ log: () => undefined });
  const times: Record<string, number[]> = {};
  for (let i = 0; i < 5; i++)
    for (const cmd of ["echo hi", "node -e 'console.log(1)'", "python3 -c 'print(1)'", "sqlite3 :memory: 'select 1'"]) {
      const t = performance.now();
      const r = await box.exec(cmd);
      if (r.exitCode !== 0) throw new Error(cmd + r.stderr);
      (times[cmd] ??= []).push(performance.now() - t);
    }
  console.log("cold (no spare)", median(cold), "cold (spare)", median(spare), Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])));
  await box.dispose();
}, 120_000);
