export { createBoxSandbox, type BoxSandbox, type BoxSandboxOptions, type BoxSeed } from "./box-sandbox";
export { BoxesBusyError, BoxPool, type BoxPoolOptions, type PoolSeed } from "./box-pool";
export { BoxLauncher, type BoxLauncherOptions } from "./box-launcher";
export type { BoxFileChange } from "./file-mirror";
