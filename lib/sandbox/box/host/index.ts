export { createBoxSandbox, type BoxSandbox, type BoxSandboxOptions, type BoxSeed } from "./box-sandbox";
export { BoxPool, type BoxPoolOptions, type PoolSeed } from "./box-pool";
export type { BoxFileChange } from "./file-mirror";
