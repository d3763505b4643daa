// Stands in for the worker entries monaco-editor's language services name as a fallback
// (`new Worker(new URL("ts.worker.js", import.meta.url))`; next.config.ts aliases them here). The IDE
// never starts those: MonacoEnvironment.getWorker (monaco-setup.ts) starts monaco-editor's prebuilt
// workers from public/monaco, so the bundler need not build TypeScript's compiler into the page's assets.
throw new Error("Monaco's bundled language workers are not built; MonacoEnvironment.getWorker starts them from /monaco.");
