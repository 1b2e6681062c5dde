import { hash, verify } from '@node-rs/argon2';

// algorithm 2 = Argon2id (the package's const enum cannot be imported under isolatedModules).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// A valid hash of a random password: verifying against it costs the same as a real check,
// so "no such user" answers no faster than "wrong password".
let decoy: Promise<string> | undefined;

/** Hashes a password with argon2id (OWASP's baseline parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** Checks a password against a stored hash; with no hash, spends the same time and says no. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    decoy ??= hash(`decoy-${Math.random()}`, ARGON2);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

const COMMON = new Set(['password123', '1234567890', 'qwertyuiop', 'admin12345', 'newforce123', 'abcdefghij']);

/** What is wrong with a new password (empty when it meets the policy): 10+ characters, two kinds of character, not the username. */
export function passwordPolicyProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('must be at least 10 characters');
  if (password.length > 128) problems.push('must be at most 128 characters');
  const kinds = [/[a-zA-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (kinds < 2) problems.push('must mix at least two of letters, digits and symbols');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('must not contain the username');
  if (COMMON.has(password.toLowerCase())) problems.push('is too common');
  return problems;
}
