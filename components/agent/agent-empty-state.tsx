"use client";

import { modelExamplePrompts, offlineExamplePrompts } from "@/lib/client/agent-chat";
import { SparkIcon } from "./icons";

/** An empty chat: what the agent can do here, with example prompts that fill the box. */
export function AgentEmptyState({ offline, onPick }: { offline: boolean; onPick: (prompt: string) => void }) {
  const examples = offline ? offlineExamplePrompts : modelExamplePrompts;
  return (
    <div className="flex flex-col items-center px-4 pt-8 pb-4 text-center" data-testid="agent-empty">
      <span className="mb-3 inline-flex h-9 w-9 items-center justify-center rounded-full bg-sky-500/10 text-sky-300">
        <SparkIcon width={18} height={18} />
      </span>
      <h3 className="text-[14px] font-semibold text-neutral-100">{offline ? "Built-in offline agent" : "What should we build?"}</h3>
      <p className="mt-1 max-w-72 text-[12px] leading-relaxed text-neutral-400">
        {offline
          ? "No AI model is configured, so a small built-in agent answers: it runs JavaScript and Python snippets and remembers what it ran."
          : "The agent reads and edits the project's files and runs commands. You review every change it makes."}
      </p>
      <ul className="mt-4 flex w-full max-w-80 flex-col gap-1.5" aria-label="Example prompts">
        {examples.map((example) => (
          <li key={example.label}>
            <button
              type="button"
              onClick={() => onPick(example.prompt)}
              data-testid="agent-example"
              className="w-full rounded-md border border-white/10 bg-white/[0.02] px-3 py-2 text-left text-[12.5px] text-neutral-300 hover:border-sky-500/40 hover:bg-sky-500/5 hover:text-white focus-visible:outline-2 focus-visible:outline-sky-500"
            >
              {example.label}
              <span className="mt-0.5 block truncate font-mono text-[11px] text-neutral-400">{example.prompt.split("\n")[0]}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
