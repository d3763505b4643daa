import { messageText, type ChatCompletionRequest } from "../support/scripted-openai-server";

/**
 * What the model is given before its first step, as text to snapshot: the system prompt and every
 * tool's name, description and input schema. Ids and times vary per run and are replaced.
 */
export function renderModelView(request: ChatCompletionRequest): string {
  const system = request.messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => messageText(m.content))
    .join("\n\n");
  const tools = (request.tools ?? []).map((t) => `## ${t.function.name}\n${t.function.description ?? ""}\n${JSON.stringify(t.function.parameters, null, 2)}`);
  const text = `# System prompt\n\n${system}\n\n# Tools\n\n${tools.join("\n\n")}\n`;
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?\b/g, "<date>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>")
    .replace(/\bc[a-z0-9]{24}\b/g, "<cuid>");
}
