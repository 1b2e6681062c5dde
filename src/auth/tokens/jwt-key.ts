import { createSecretKey, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../../config/app-config.js';

const keys = new WeakMap<AppConfig, KeyObject>();

/**
 * JWT_SECRET as a KeyObject, made once. Given a string, jsonwebtoken tries it as a PEM public or
 * private key first and builds a secret key only after that throws — on every request.
 */
export function jwtKeyOf(config: AppConfig): KeyObject {
  let key = keys.get(config);
  if (!key) {
    key = createSecretKey(Buffer.from(config.JWT_SECRET!, 'utf8'));
    keys.set(config, key);
  }
  return key;
}
