const secondsPerUnit = { h: 3600, m: 1, s: 1 };

/** "1h2m3s" → 3723: hours, minutes and seconds, each optional, in that order. */
export function parseDuration(text) {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || text.trim() === "") throw new Error(`Not a duration: "${text}"`);
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  return Number(hours) * secondsPerUnit.h + Number(minutes) * secondsPerUnit.m + Number(seconds) * secondsPerUnit.s;
}
