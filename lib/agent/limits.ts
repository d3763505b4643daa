/** The longest prompt a turn accepts (characters); longer text belongs in a file the agent reads. */
export const maxPromptChars = 100_000;
