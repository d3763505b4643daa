/** The longest prompt a turn accepts (characters); longer text belongs in a file the agent reads. */
export const maxPromptChars = 100_000;

/** Lines one read_file call returns at most (and by default): a 1,500-line module in one call. */
export const maxReadLines = 2_000;

/** The context window assumed when the model's is unknown (a tool built outside a turn, a test). */
export const defaultContextTokens = 128_000;

/**
 * How much one tool result may hold, from the model's context window (tokens). One result may take
 * about a seventh of the window (≈4 characters a token), so a local model with an 8 K window is not
 * flooded by one read, and no result is larger than a big model can use well.
 */
export function toolOutputBudget(contextTokens: number = defaultContextTokens) {
  const share = Math.floor(contextTokens * 4 * 0.15);
  const clamp = (min: number, max: number) => Math.max(min, Math.min(max, share));
  return {
    /** read_file: characters of file text per call (line numbers not counted). */
    readChars: clamp(4_000, 50_000),
    /** A single line longer than this is cut (minified code): the rest is reachable with search. */
    readLineChars: 2_000,
    /** Command output (stdout and stderr together) kept for the model. */
    commandChars: clamp(4_000, 32_000),
    /** Lines of context shown around an edit, and the most lines of snippet shown for one call. */
    snippetContext: 4,
    snippetLines: share >= 24_000 ? 120 : 40,
  };
}

export type ToolOutputBudget = ReturnType<typeof toolOutputBudget>;
