// Stands in for monaco-editor's internal/common/workers.js (next.config.ts aliases it here). The
// TypeScript, JSON, CSS and HTML services start their workers through that module, which also
// imports all 73 editor features (about 100 kB gzip) only to reach `editor`; the features the IDE
// uses are the ones monaco-core.ts picks. Same behaviour otherwise (monaco-editor 0.57).
import { editor } from "monaco-editor/editor/editor.api";

type LanguageWorkerOptions = {
  label?: string;
  moduleId: string;
  createData: unknown;
  host?: Record<string, (...args: never[]) => unknown>;
  keepIdleModels?: boolean;
  createWorker?: () => Worker;
};

/** Starts a language service's worker from MonacoEnvironment.getWorker (set by monaco-setup.ts). */
export function createWebWorker<T extends object>(options: LanguageWorkerOptions): editor.MonacoWebWorker<T> {
  const label = options.label ?? "monaco-editor-worker";
  const environment = globalThis.MonacoEnvironment;
  const worker = Promise.resolve(environment?.getWorker ? environment.getWorker("workerMain.js", label) : options.createWorker?.()).then((started) => {
    if (!started) throw new Error(`No worker for Monaco's ${label} service: call setupMonaco() before the editor starts.`);
    started.postMessage("ignore");
    started.postMessage(options.createData);
    return started;
  });
  return editor.createWebWorker<T>({ worker, host: options.host, keepIdleModels: options.keepIdleModels });
}
