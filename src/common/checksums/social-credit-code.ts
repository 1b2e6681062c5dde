// 统一社会信用代码 unified social credit code, GB 32100-2015.
// Layout: registering authority (1) + organisation type (1) + region code (6 digits)
// + organisation code (9) + check character (1), all from a 31-character set.

// Code characters in value order: digits, then upper-case letters without I, O, Z, S, V.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// W_i = 3^(i-1) mod 31 for positions 1..17.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CODE_CHAR = '[0-9A-HJ-NP-RTUW-Y]';
const CODE_PATTERN = new RegExp(`^${CODE_CHAR}{2}\\d{6}${CODE_CHAR}{10}$`);
const FIRST17_PATTERN = new RegExp(`^${CODE_CHAR}{17}$`);

/** Trims a social credit code and upper-cases it. */
export function normaliseSocialCreditCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** GB 32100-2015 check character for the first 17 characters of a social credit code. */
export function socialCreditCodeCheckChar(first17: string): string {
  if (!FIRST17_PATTERN.test(first17)) {
    throw new Error('Social credit code check character needs 17 characters from 0-9 and A-Y without I, O, S, V, Z');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/** True for an 18-character code in the GB 32100-2015 character set, digits in the region part, and a correct check character. */
export function isValidSocialCreditCode(code: string): boolean {
  if (!CODE_PATTERN.test(code)) return false;
  return socialCreditCodeCheckChar(code.slice(0, 17)) === code[17];
}
