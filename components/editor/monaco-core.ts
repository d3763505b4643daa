// The one module that imports Monaco. monaco-editor's main entry brings every editor feature (AI
// inline completions, code lens, sticky scroll, the LSP client, ...) into the page; this is the
// editor API plus the features an IDE user reaches for. Languages cost little here: each basic
// language registers a name and loads its tokenizer when a file of it first opens, and the
// TypeScript, JSON, CSS and HTML services load their code (and start their workers) the same way.
// Those services start their worker through monaco's internal/common/workers.js, which also imports
// every editor feature; next.config.ts points it at monaco-worker-bootstrap.ts, which does not.
import "monaco-editor/features/bracketMatching/register";
import "monaco-editor/features/caretOperations/register";
import "monaco-editor/features/clipboard/register";
import "monaco-editor/features/codeAction/register";
import "monaco-editor/features/comment/register";
import "monaco-editor/features/contextmenu/register";
import "monaco-editor/features/cursorUndo/register";
import "monaco-editor/features/diffEditor/register";
import "monaco-editor/features/dnd/register";
import "monaco-editor/features/find/register";
import "monaco-editor/features/folding/register";
import "monaco-editor/features/format/register";
import "monaco-editor/features/gotoError/register";
import "monaco-editor/features/gotoLine/register";
import "monaco-editor/features/gotoSymbol/register";
import "monaco-editor/features/hover/register";
import "monaco-editor/features/indentation/register";
import "monaco-editor/features/lineSelection/register";
import "monaco-editor/features/linesOperations/register";
import "monaco-editor/features/links/register";
import "monaco-editor/features/multicursor/register";
import "monaco-editor/features/parameterHints/register";
import "monaco-editor/features/quickCommand/register";
import "monaco-editor/features/quickOutline/register";
import "monaco-editor/features/readOnlyMessage/register";
import "monaco-editor/features/rename/register";
import "monaco-editor/features/smartSelect/register";
import "monaco-editor/features/snippet/register";
import "monaco-editor/features/suggest/register";
import "monaco-editor/features/toggleTabFocusMode/register";
import "monaco-editor/features/wordHighlighter/register";
import "monaco-editor/features/wordOperations/register";
// The suggest widget itself and go to definition / peek (F12, Alt+F12): the features above only
// register their triggers; monaco-editor's main entry imports these two directly.
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands";
import "monaco-editor/languages/definitions/register.all";
import "monaco-editor/languages/features/css/register";
import "monaco-editor/languages/features/html/register";
import "monaco-editor/languages/features/json/register";

export * from "monaco-editor/editor/editor.api";
export * as typescript from "monaco-editor/languages/features/typescript/register";
