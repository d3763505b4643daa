import { runIdeLoadBench } from "./ide-load-bench";
const t = performance.now();
console.log(JSON.stringify(await runIdeLoadBench({ runs: 2 }), null, 1));
console.log("total", performance.now() - t);
