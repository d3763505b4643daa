/** The most a user's name and email may hold: the sign-up form stops there, the server refuses more. */
export const profileLimits = { nameChars: 100, emailChars: 254 };

/** Password lengths better-auth enforces (lib/auth/auth.ts); the account forms check them first. */
export const passwordLimits = { minChars: 8, maxChars: 128 };
