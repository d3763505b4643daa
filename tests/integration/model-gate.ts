import type { ScriptedOpenAIServer, ScriptedReply } from "../support/scripted-openai-server";

/**
 * A scripted model that answers `text` only once the test opens the gate, so a turn is surely
 * running while the test looks at it: `reached` turns true when the model is asked, `open()` lets
 * it answer. `before` are the replies of the turn's earlier steps (a tool call, say).
 */
export function holdModelAnswer(server: ScriptedOpenAIServer, text: string, before: ScriptedReply[] = []) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reached = false;
  server.setScript([
    ...before,
    async () => {
      reached = true;
      await opened;
      return { text };
    },
  ]);
  return {
    open,
    get reached() {
      return reached;
    },
  };
}
