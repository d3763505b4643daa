import type { CommandNode, ScriptNode, StatementNode, TransformPlugin } from "just-bash";
import { execContext } from "./exec-context";
import { resumeSession } from "./shell-session";

/** Files that stand for the running command's stdout and stderr (ProjectFs routes their writes). */
export const streamDevices = { stdout: "/dev/box-stdout", stderr: "/dev/box-stderr" } as const;

/** Set on a top-level `node …` or `python3 …` so it writes to the exec's output as it runs. */
export const directOutputVariable = "__BOX_STREAM";

const word = (value: string) => ({ type: "Word" as const, parts: [{ type: "Literal" as const, value }] });

const streamingCommands = new Set(["node", "python3", "python"]);

/** A statement that is just `node …` or `python3 …`, its output not redirected: it can stream by itself. */
function markDirect(statement: StatementNode): StatementNode {
  const command = statement.pipelines.length === 1 && statement.pipelines[0]!.commands.length === 1 ? statement.pipelines[0]!.commands[0] : undefined;
  if (command?.type !== "SimpleCommand" || command.redirections.length > 0) return statement;
  const name = command.name?.parts.length === 1 ? command.name.parts[0] : undefined;
  if (name?.type !== "Literal" || !streamingCommands.has(name.value)) return statement;
  const marker = { type: "Assignment" as const, name: directOutputVariable, value: word("1"), append: false, array: null };
  return { ...statement, pipelines: [{ ...statement.pipelines[0]!, commands: [{ ...command, assignments: [...command.assignments, marker] }] }] };
}

/** `{ statement; } >>/dev/box-stdout 2>>/dev/box-stderr`: a group runs in the current shell. */
function wrap(original: StatementNode): StatementNode {
  const statement = markDirect(original);
  return {
    type: "Statement",
    line: statement.line,
    background: false,
    operators: [],
    pipelines: [
      {
        type: "Pipeline",
        negated: false,
        commands: [
          {
            type: "Group",
            body: [statement],
            redirections: [
              { type: "Redirection", fd: 1, operator: ">>", target: word(streamDevices.stdout) },
              { type: "Redirection", fd: 2, operator: ">>", target: word(streamDevices.stderr) },
            ],
          },
        ],
      },
    ],
  };
}

const inputOnly = new Set(["<", "<<", "<<-", "<<<"]);

/** Statements whose output goes straight to the exec's stdout, each wrapped so it streams. */
function streamStatements(statements: StatementNode[]): StatementNode[] {
  return statements.map((statement) => {
    const pipeline = statement.pipelines.length === 1 ? statement.pipelines[0] : undefined;
    const command = pipeline && pipeline.commands.length === 1 && !pipeline.negated && !pipeline.timed ? pipeline.commands[0] : undefined;
    const inside = command && descend(command);
    return inside ? { ...statement, pipelines: [{ ...pipeline!, commands: [inside] }] } : wrap(statement);
  });
}

/** A loop or conditional at the top streams per inner statement, so each iteration shows up as it ends. */
function descend(command: CommandNode): CommandNode | undefined {
  if (!("redirections" in command) || !command.redirections.every((r) => inputOnly.has(r.operator))) return undefined;
  switch (command.type) {
    case "While":
    case "Until":
    case "For":
    case "CStyleFor":
    case "Group":
      return { ...command, body: streamStatements(command.body) };
    case "If":
      return {
        ...command,
        clauses: command.clauses.map((clause) => ({ ...clause, body: streamStatements(clause.body) })),
        elseBody: command.elseBody && streamStatements(command.elseBody),
      };
    case "Case":
      return { ...command, items: command.items.map((item) => ({ ...item, body: streamStatements(item.body) })) };
    default:
      return undefined;
  }
}

/**
 * just-bash returns a script's output only when the script ends (and drops a statement's output
 * when it is aborted). To stream it, the top-level statements of an exec's script, and those inside
 * top-level loops and conditionals, are wrapped so their output is appended to the stream devices
 * as soon as each one finishes: `echo first; sleep 1; echo second` delivers "first" a second early.
 * Nested scripts (`bash -c`, xargs) are left alone: only the first transform in an exec's async
 * context is the top level.
 */
export function createStreamPlugin(): TransformPlugin {
  return {
    name: "box-stream",
    transform({ ast }: { ast: ScriptNode }) {
      const context = execContext.getStore();
      if (!context || context.streaming) return { ast };
      context.streaming = true;
      const script = context.session ? resumeSession(context.session, ast) : ast;
      return { ast: { ...script, statements: streamStatements(script.statements) } };
    },
  };
}

/** Routes a stream device's bytes to the exec whose async context wrote them. */
export function writeToStream(stream: "stdout" | "stderr", bytes: Uint8Array) {
  execContext.getStore()?.output?.(stream, bytes);
}
