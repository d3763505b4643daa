import * as monaco from "./monaco-core";
import { loader } from "@monaco-editor/react";
import { resolvedTheme, subscribeResolvedTheme, type ResolvedTheme } from "@/lib/client/preferences";

/**
 * One theme name for every editor and diff on the page, redefined as light or dark when the
 * person's theme (or the system's) changes: Monaco's theme is global, and redefining the active
 * theme repaints every editor, so no editor can hold on to the other one.
 */
export const editorThemeName = "ide";

// The page's --color-surface, so the editor sits flush with the panels around it.
const editorThemes: Record<ResolvedTheme, monaco.editor.IStandaloneThemeData> = {
  dark: {
    base: "vs-dark",
    inherit: true,
    rules: [],
    colors: { "editor.background": "#0f1115", "editorGutter.background": "#0f1115", "minimap.background": "#0f1115" },
  },
  light: {
    base: "vs",
    inherit: true,
    rules: [],
    colors: { "editor.background": "#ffffff", "editorGutter.background": "#ffffff", "minimap.background": "#ffffff" },
  },
};

function defineEditorTheme() {
  monaco.editor.defineTheme(editorThemeName, editorThemes[resolvedTheme()]);
}

let configured = false;

/**
 * Serves Monaco and its language workers from our own bundle (the default loader fetches them from
 * a CDN, which fails offline and under COEP) and sets up TypeScript for a web project.
 */
export function setupMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;

  globalThis.MonacoEnvironment = {
    // Each `new URL(...)` must stay literal inside `new Worker(...)` for the bundler to emit the worker.
    getWorker(_workerId: string, label: string) {
      switch (label) {
        case "typescript":
        case "javascript":
          return new Worker(new URL("./workers/ts.worker.ts", import.meta.url), { type: "module", name: label });
        case "json":
          return new Worker(new URL("./workers/json.worker.ts", import.meta.url), { type: "module", name: label });
        case "css":
        case "scss":
        case "less":
          return new Worker(new URL("./workers/css.worker.ts", import.meta.url), { type: "module", name: label });
        case "html":
        case "handlebars":
        case "razor":
          return new Worker(new URL("./workers/html.worker.ts", import.meta.url), { type: "module", name: label });
        default:
          return new Worker(new URL("./workers/editor.worker.ts", import.meta.url), { type: "module", name: label });
      }
    },
  };
  loader.config({ monaco });

  const compilerOptions: monaco.typescript.CompilerOptions = {
    target: monaco.typescript.ScriptTarget.ESNext,
    module: monaco.typescript.ModuleKind.ESNext,
    moduleResolution: monaco.typescript.ModuleResolutionKind.NodeJs,
    jsx: monaco.typescript.JsxEmit.ReactJSX,
    allowJs: true,
    checkJs: false,
    strict: true,
    esModuleInterop: true,
    allowNonTsExtensions: true,
    skipLibCheck: true,
    isolatedModules: true,
  };
  // node_modules are not in the editor, so "cannot find module" errors on package imports would be noise.
  const diagnostics = { diagnosticCodesToIgnore: [2307, 2792, 7016] };
  for (const defaults of [monaco.typescript.typescriptDefaults, monaco.typescript.javascriptDefaults]) {
    defaults.setCompilerOptions(compilerOptions);
    defaults.setDiagnosticsOptions(diagnostics);
    // Every open file is visible to the language service, so imports between open files resolve.
    defaults.setEagerModelSync(true);
  }

  defineEditorTheme();
  subscribeResolvedTheme(defineEditorTheme);
  return monaco;
}

/** Model URI of a project path; Uri.file escapes characters such as "#" and "?" that parse() would misread. */
export function modelUri(path: string): monaco.Uri {
  return monaco.Uri.file(`/${path}`);
}
