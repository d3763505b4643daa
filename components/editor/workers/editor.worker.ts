// Worker entry: bundled separately so Monaco can start it with new Worker(new URL(...)).
import "monaco-editor/editor/editor.worker";
