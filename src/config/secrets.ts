import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AppConfig } from './app-config.js';
import { PROJECT_ROOT } from './version.js';

interface GeneratedSecrets {
  JWT_SECRET: string;
  PII_ENCRYPTION_KEYS: string;
  PII_BLIND_INDEX_KEY: string;
}

function generate(): GeneratedSecrets {
  return {
    JWT_SECRET: randomBytes(48).toString('base64url'),
    PII_ENCRYPTION_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
  };
}

/**
 * Outside production, fills unset secrets: from SECRETS_FILE when it exists, else freshly generated
 * and (with `persist`) written there once, so encrypted data stays readable across restarts.
 * Production never gets here with a gap: loadConfig already refused to start.
 */
export function ensureSecrets(config: AppConfig, options: { persist?: boolean } = {}): void {
  if (config.JWT_SECRET && config.PII_ENCRYPTION_KEYS && config.PII_BLIND_INDEX_KEY) return;
  if (config.isProduction) throw new Error('production secrets are missing');
  const file = resolve(PROJECT_ROOT, config.SECRETS_FILE);
  let secrets: GeneratedSecrets;
  if (options.persist && existsSync(file)) {
    secrets = JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets;
  } else {
    secrets = generate();
    if (options.persist) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    }
  }
  config.JWT_SECRET ??= secrets.JWT_SECRET;
  if (!config.PII_ENCRYPTION_KEYS) {
    config.PII_ENCRYPTION_KEYS = secrets.PII_ENCRYPTION_KEYS;
    config.PII_ENCRYPTION_KEY_ID = undefined;
  }
  config.PII_BLIND_INDEX_KEY ??= secrets.PII_BLIND_INDEX_KEY;
}

/** Key material for personal data: 32-byte keys by id, the id new ciphertext uses, and a separate HMAC key for blind indexes. */
export interface PersonalDataKeys {
  encryptionKeys: Record<string, Buffer>;
  currentKeyId: string;
  blindIndexKey: Buffer;
}

/** The personal-data keys in the shape PersonalDataService takes. */
export function personalDataKeys(config: AppConfig): PersonalDataKeys {
  const pairs = (config.PII_ENCRYPTION_KEYS ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split(':') as [string, string]);
  return {
    encryptionKeys: Object.fromEntries(pairs.map(([id, key]) => [id, Buffer.from(key, 'base64')])),
    currentKeyId: config.PII_ENCRYPTION_KEY_ID ?? pairs[0]?.[0] ?? '',
    blindIndexKey: Buffer.from(config.PII_BLIND_INDEX_KEY ?? '', 'base64'),
  };
}
