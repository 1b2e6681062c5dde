import { isValidSocialCreditCode, normaliseSocialCreditCode, socialCreditCodeCheckChar } from './social-credit-code.js';

describe('socialCreditCodeCheckChar', () => {
  it('gives 3 for the GB 32100-2015 worked example 91350100M000100Y4 (sum 1640, 1640 mod 31 = 28, 31 - 28 = 3)', () => {
    expect(socialCreditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('gives a letter when the check value is 10 or more (91512081MA62K0260 → E)', () => {
    expect(socialCreditCodeCheckChar('91512081MA62K0260')).toBe('E');
  });

  it('gives 0, not an out-of-range character, when the weighted sum is a multiple of 31', () => {
    // 1 × weight 28 at position 17 + 3 × weight 1 at position 1 = 31.
    expect(socialCreditCodeCheckChar('30000000000000001')).toBe('0');
  });

  it('refuses characters outside the code set', () => {
    expect(() => socialCreditCodeCheckChar('91350100I000100Y4')).toThrow(/17 characters/);
    expect(() => socialCreditCodeCheckChar('91350100M000100Y')).toThrow(/17 characters/);
  });
});

describe('isValidSocialCreditCode', () => {
  it.each(['91350100M000100Y43', '91512081MA62K0260E'])('accepts the valid code %s', (code) => {
    expect(isValidSocialCreditCode(code)).toBe(true);
  });

  it('rejects the worked example with its check character changed to Z', () => {
    expect(isValidSocialCreditCode('91350100M000100Y4Z')).toBe(false);
  });

  it('rejects a single mistyped character', () => {
    expect(isValidSocialCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidSocialCreditCode('91350100M000200Y43')).toBe(false);
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects a code containing the excluded letter %s', (letter) => {
    expect(isValidSocialCreditCode(`91350100M000100${letter}43`)).toBe(false);
  });

  it('rejects a letter in the six-digit region part', () => {
    const first17 = '913501A0M000100Y4';
    expect(isValidSocialCreditCode(`${first17}${socialCreditCodeCheckChar(first17)}`)).toBe(false);
  });

  it('rejects wrong lengths and lower case until normalised', () => {
    expect(isValidSocialCreditCode('91350100M000100Y4')).toBe(false);
    expect(isValidSocialCreditCode('91350100M000100Y433')).toBe(false);
    expect(isValidSocialCreditCode('91350100m000100y43')).toBe(false);
    expect(isValidSocialCreditCode(normaliseSocialCreditCode('  91350100m000100y43 '))).toBe(true);
  });

  it('rejects early Fujian pilot codes that do not follow the GB 32100 check rule (known limitation)', () => {
    // Real registrations issued before the standard; callers that must accept them need an override.
    expect(isValidSocialCreditCode('91350100M0001TGQXM')).toBe(false);
  });
});
