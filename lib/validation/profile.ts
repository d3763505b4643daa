/** The most a user's name and email may hold: the sign-up form stops there, the server refuses more. */
export const profileLimits = { nameChars: 100, emailChars: 254 };
