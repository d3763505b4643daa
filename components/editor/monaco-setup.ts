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

function workerFor(label: string): string {
  switch (label) {
    case "typescript":
    case "javascript":
      return "ts";
    case "json":
      return "json";
    case "css":
    case "scss":
    case "less":
      return "css";
    case "html":
    case "handlebars":
    case "razor":
      return "html";
    default:
      return "editor";
  }
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
    // monaco-editor's own prebuilt workers, copied to public/monaco/<version> by scripts/copy-monaco-workers.mjs.
    getWorker(_workerId: string, label: string) {
      return new Worker(`/monaco/${process.env.MONACO_VERSION}/${workerFor(label)}.worker.js`, { name: label });
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
