import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * A value in the v1 format the service wrote until issue 19 (AES-256-GCM through node:crypto, the
 * header `v1.<keyId>` authenticated, payload iv|tag|ciphertext), for tests of reading and
 * re-encrypting old data. The service itself no longer writes it.
 */
export function encryptV1(keyId: string, key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`v1.${keyId}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}
