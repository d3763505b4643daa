/**
 * The syntax of the mini shell: a deliberately small POSIX subset — words with '…', "…" and \
 * quoting, $NAME / ${NAME} / $?, ; && || | !, redirects (> >> < n> n>&m), NAME=value, and
 * while/until loops. Anything else is a syntax error that says what is not supported, rather than a
 * silently wrong run.
 */

export type WordPart = { literal: string; quoted: boolean } | { variable: string };
export type Word = WordPart[];
export type Redirect = { fd: number; op: ">" | ">>" | "<" | ">&"; target: Word };
export type SimpleCommand = {
  type: "simple";
  assignments: Array<{ name: string; value: Word }>;
  words: Word[];
  redirects: Redirect[];
};
export type LoopCommand = { type: "loop"; until: boolean; condition: Script; body: Script };
export type Command = SimpleCommand | LoopCommand;
export type Pipeline = { negated: boolean; commands: Command[] };
export type AndOr = { first: Pipeline; rest: Array<{ op: "&&" | "||"; pipeline: Pipeline }> };
export type Script = AndOr[];

export class ShellSyntaxError extends Error {}

type Token = { type: "word"; word: Word; plain: string | null } | { type: "op"; op: string; fd?: number };

const unsupportedWords = new Set(["if", "then", "else", "elif", "fi", "for", "case", "esac", "function", "{", "}"]);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let word: Word | null = null;
  let i = 0;
  const literal = (text: string, quoted: boolean) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && "literal" in last && last.quoted === quoted) last.literal += text;
    else word.push({ literal: text, quoted });
  };
  const endWord = () => {
    if (!word) return;
    const plain = word.every((p) => "literal" in p && !p.quoted) ? word.map((p) => ("literal" in p ? p.literal : "")).join("") : null;
    tokens.push({ type: "word", word, plain });
    word = null;
  };
  // $NAME, ${NAME}, $?; a lone "$" stays literal.
  const dollar = (quoted: boolean) => {
    const rest = source.slice(i + 1);
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest);
    const bare = /^([A-Za-z_][A-Za-z0-9_]*|\?)/.exec(rest);
    if (rest.startsWith("(")) throw new ShellSyntaxError("command substitution $( ) is not supported by this shell");
    if (braced) {
      word ??= [];
      word.push({ variable: braced[1]! });
      i += braced[0].length + 1;
    } else if (bare) {
      word ??= [];
      word.push({ variable: bare[1]! });
      i += bare[0].length + 1;
    } else {
      literal("$", quoted);
      i += 1;
    }
  };

  while (i < source.length) {
    const c = source[i]!;
    if (c === " " || c === "\t") {
      endWord();
      i += 1;
    } else if (c === "\\" && source[i + 1] === "\n") {
      i += 2;
    } else if (c === "#" && !word) {
      while (i < source.length && source[i] !== "\n") i += 1;
    } else if (c === "'") {
      const end = source.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unterminated ' quote");
      literal(source.slice(i + 1, end), true);
      word ??= [];
      i = end + 1;
    } else if (c === '"') {
      word ??= [];
      i += 1;
      while (source[i] !== '"') {
        if (i >= source.length) throw new ShellSyntaxError('unterminated " quote');
        const d = source[i]!;
        if (d === "\\" && '"\\$`\n'.includes(source[i + 1] ?? "")) {
          if (source[i + 1] !== "\n") literal(source[i + 1]!, true);
          i += 2;
        } else if (d === "$") dollar(true);
        else if (d === "`") throw new ShellSyntaxError("command substitution ` ` is not supported by this shell");
        else {
          literal(d, true);
          i += 1;
        }
      }
      i += 1;
    } else if (c === "\\") {
      if (i + 1 < source.length) literal(source[i + 1]!, true);
      i += 2;
    } else if (c === "$") {
      dollar(false);
    } else if (c === "`") {
      throw new ShellSyntaxError("command substitution ` ` is not supported by this shell");
    } else if (c === ">" || c === "<") {
      // A word of digits glued to the operator is the file descriptor: 2>, 1>&2.
      const only = (word as Word | null)?.length === 1 ? (word as Word)[0] : undefined;
      const digits =
        only && "literal" in only && !only.quoted && /^\d+$/.test(only.literal) ? Number(only.literal) : undefined;
      if (digits !== undefined) word = null;
      else endWord();
      const two = source.slice(i, i + 2);
      if (two === "<<" || two === "<&" || two === "<>") throw new ShellSyntaxError(`"${two}" is not supported by this shell`);
      const op = two === ">>" || two === ">&" ? two : c;
      tokens.push({ type: "op", op, fd: digits ?? (c === "<" ? 0 : 1) });
      i += op.length;
    } else if (c === ";" || c === "\n" || c === "|" || c === "&" || c === "(" || c === ")") {
      endWord();
      const two = source.slice(i, i + 2);
      if (two === "&&" || two === "||") {
        tokens.push({ type: "op", op: two });
        i += 2;
        continue;
      }
      if (c === "&") throw new ShellSyntaxError("background jobs (&) are not supported by this shell");
      if (c === "(" || c === ")") throw new ShellSyntaxError("subshells ( ) are not supported by this shell");
      if (two === ";;") throw new ShellSyntaxError('";;" is not supported by this shell');
      tokens.push({ type: "op", op: c === "\n" ? ";" : c });
      i += 1;
    } else {
      literal(c, false);
      i += 1;
    }
  }
  endWord();
  return tokens;
}

/** Parses a script; throws ShellSyntaxError with a message fit for stderr. */
export function parseScript(source: string): Script {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (op: string) => {
    const t = peek();
    return t?.type === "op" && t.op === op;
  };
  const isKeyword = (word: string) => {
    const t = peek();
    return t?.type === "word" && t.plain === word;
  };
  const skipSeparators = () => {
    while (isOp(";")) pos += 1;
  };
  const expectKeyword = (word: string) => {
    skipSeparators();
    if (!isKeyword(word)) throw new ShellSyntaxError(`expected "${word}"`);
    pos += 1;
  };

  const parseList = (terminators: string[]): Script => {
    const list: Script = [];
    for (;;) {
      skipSeparators();
      const t = peek();
      if (!t || (t.type === "word" && t.plain !== null && terminators.includes(t.plain))) return list;
      list.push(parseAndOr());
    }
  };

  const parseAndOr = (): AndOr => {
    const first = parsePipeline();
    const rest: AndOr["rest"] = [];
    while (isOp("&&") || isOp("||")) {
      const op = (peek() as { op: "&&" | "||" }).op;
      pos += 1;
      skipSeparators();
      rest.push({ op, pipeline: parsePipeline() });
    }
    return { first, rest };
  };

  const parsePipeline = (): Pipeline => {
    let negated = false;
    if (isKeyword("!")) {
      negated = true;
      pos += 1;
    }
    const commands = [parseCommand()];
    while (isOp("|")) {
      pos += 1;
      skipSeparators();
      commands.push(parseCommand());
    }
    return { negated, commands };
  };

  const parseCommand = (): Command => {
    const t = peek();
    if (t?.type === "word" && (t.plain === "while" || t.plain === "until")) {
      pos += 1;
      const condition = parseList(["do"]);
      expectKeyword("do");
      const body = parseList(["done"]);
      expectKeyword("done");
      if (condition.length === 0 || body.length === 0) throw new ShellSyntaxError(`empty ${t.plain} loop`);
      return { type: "loop", until: t.plain === "until", condition, body };
    }
    if (t?.type === "word" && t.plain !== null && unsupportedWords.has(t.plain))
      throw new ShellSyntaxError(`"${t.plain}" is not supported by this shell`);
    return parseSimple();
  };

  const parseSimple = (): SimpleCommand => {
    const command: SimpleCommand = { type: "simple", assignments: [], words: [], redirects: [] };
    for (;;) {
      const t = peek();
      if (!t) break;
      if (t.type === "op") {
        if (t.op !== ">" && t.op !== ">>" && t.op !== "<" && t.op !== ">&") break;
        pos += 1;
        const target = peek();
        if (target?.type !== "word") throw new ShellSyntaxError(`expected a file name after "${t.op}"`);
        pos += 1;
        command.redirects.push({ fd: t.fd ?? 1, op: t.op, target: target.word });
        continue;
      }
      const first = t.word[0];
      const assignment =
        command.words.length === 0 && first && "literal" in first && !first.quoted
          ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.literal)
          : null;
      if (assignment) {
        const head = (first as { literal: string }).literal.slice(assignment[0].length);
        const value: Word = [...(head ? [{ literal: head, quoted: false }] : []), ...t.word.slice(1)];
        command.assignments.push({ name: assignment[1]!, value });
      } else command.words.push(t.word);
      pos += 1;
    }
    if (command.words.length === 0 && command.assignments.length === 0 && command.redirects.length === 0) {
      const t = peek();
      throw new ShellSyntaxError(t ? `unexpected "${t.type === "op" ? t.op : "word"}"` : "unexpected end of script");
    }
    return command;
  };

  const script = parseList([]);
  if (pos < tokens.length) {
    const t = tokens[pos]!;
    throw new ShellSyntaxError(`unexpected "${t.type === "op" ? t.op : t.plain ?? "word"}"`);
  }
  return script;
}
