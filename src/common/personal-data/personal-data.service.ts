import { createDecipheriv, createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import sodium from 'sodium-native';
import {
  isMainlandMobile,
  isValidIdNumber,
  maskIdNumber,
  maskName,
  maskPhone,
  normaliseIdNumber,
  normalisePhone,
  PersonalDataFormatError,
} from './personal-data-format.js';
import { PersonalDataWorkers, type BulkInput, type BulkOutput } from './personal-data-workers.js';

/** Key material for personal data (its one home is config/secrets.ts, which builds it from the configuration). */
export type { PersonalDataKeys } from '../../config/secrets.js';
import type { PersonalDataKeys } from '../../config/secrets.js';

/** Injection token for the {@link PersonalDataKeys} the service is built with. */
export const PERSONAL_DATA_KEYS = Symbol('PERSONAL_DATA_KEYS');

/** What is given to the value, kept in the blind index's domain so equal strings of different kinds never match. */
export type BlindIndexKind = 'phone' | 'id_number' | 'name' | 'roster_row';

/** A value ready to store: ciphertext, its blind index for exact-match lookup, and the mask every API response shows. */
export interface ProtectedValue {
  ciphertext: string;
  blindIndex: string;
  masked: string;
}

/** Thrown when a stored ciphertext cannot be decrypted: malformed, unknown key id, or failed authentication. */
export class PersonalDataDecryptionError extends Error {
  readonly code = 'PERSONAL_DATA_DECRYPTION_FAILED';

  constructor(message: string) {
    super(message);
    this.name = 'PersonalDataDecryptionError';
  }
}

const KEY_BYTES = 32;
/** The format new ciphertext is written in: XChaCha20-Poly1305 (libsodium), `v2.<keyId>.<base64url(nonce|ciphertext|tag)>`. */
const CURRENT_FORMAT = 'v2';
const NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
const TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES;
// v2 keys are derived from the configured keys (HKDF-SHA256), so no key is used by two ciphers.
const V2_KEY_INFO = 'newforce personal data v2 XChaCha20-Poly1305';
// The format written until issue 19 (AES-256-GCM, `v1.<keyId>.<base64url(iv|tag|ciphertext)>`): read only.
const V1 = { version: 'v1', ivBytes: 12, tagBytes: 16 } as const;
const FORMATS_READ = [V1.version, CURRENT_FORMAT];
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const BLIND_INDEX_KINDS: readonly BlindIndexKind[] = ['phone', 'id_number', 'name', 'roster_row'];

/**
 * Encrypts, blind-indexes and masks personal data (PIPL, docs/ARCHITECTURE.md §5) under configured keys. Every
 * primitive is a vetted library's: XChaCha20-Poly1305 from libsodium (sodium-native) for new
 * ciphertext, OpenSSL's AES-256-GCM (node:crypto) to read values written before it, and OpenSSL's
 * HMAC-SHA256 and HKDF for blind indexes and key derivation.
 */
@Injectable()
export class PersonalDataService implements OnApplicationShutdown {
  // The configured keys (AES-256-GCM keys of v1 values) and the v2 keys derived from them.
  private readonly encryptionKeys: ReadonlyMap<string, Buffer>;
  private readonly sealingKeys: ReadonlyMap<string, Buffer>;
  private readonly currentKeyId: string;
  private readonly blindIndexKey: Buffer;
  // The same key as a KeyObject: HMAC with it skips importing the key bytes on every call.
  private readonly blindIndexKeyObject: KeyObject;
  // Random bytes for nonces, drawn in bulk: one call to the system's random source per 4096 nonces
  // instead of one per value.
  private noncePool = Buffer.alloc(0);
  private nonceOffset = 0;
  private workers?: PersonalDataWorkers;

  constructor(@Inject(PERSONAL_DATA_KEYS) keys: PersonalDataKeys) {
    const entries = Object.entries(keys.encryptionKeys ?? {});
    if (entries.length === 0) throw new Error('Personal data: at least one encryption key is required');
    for (const [id, key] of entries) {
      if (!KEY_ID_PATTERN.test(id)) {
        throw new Error(`Personal data: encryption key id "${id}" must match ${KEY_ID_PATTERN} (it is embedded in ciphertext)`);
      }
      assertKeyLength(`encryption key "${id}"`, key);
    }
    assertKeyLength('blind-index key', keys.blindIndexKey);
    if (!Object.hasOwn(keys.encryptionKeys, keys.currentKeyId)) {
      throw new Error(`Personal data: current key id "${keys.currentKeyId}" is not among the encryption keys`);
    }
    for (const [id, key] of entries) {
      if (key.equals(keys.blindIndexKey)) {
        throw new Error(`Personal data: the blind-index key must differ from encryption key "${id}"`);
      }
    }
    // Copy so a caller mutating its buffers later cannot change our keys.
    this.encryptionKeys = new Map(entries.map(([id, key]) => [id, Buffer.from(key)]));
    this.sealingKeys = new Map(entries.map(([id, key]) => [id, Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), V2_KEY_INFO, KEY_BYTES))]));
    this.currentKeyId = keys.currentKeyId;
    this.blindIndexKey = Buffer.from(keys.blindIndexKey);
    this.blindIndexKeyObject = createSecretKey(this.blindIndexKey);
  }

  /**
   * Encrypts with XChaCha20-Poly1305 under the current key and a fresh random 24-byte nonce;
   * returns `v2.<keyId>.<base64url(nonce|ciphertext|tag)>`. The header `v2.<keyId>` is
   * authenticated too, so a ciphertext cannot be relabelled with another key id or format.
   */
  encrypt(plaintext: string): string {
    const header = this.currentHeader();
    const message = Buffer.from(plaintext, 'utf8');
    const payload = Buffer.allocUnsafe(NONCE_BYTES + message.length + TAG_BYTES);
    const nonce = payload.subarray(0, NONCE_BYTES);
    this.nextNonce().copy(nonce);
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      payload.subarray(NONCE_BYTES),
      message,
      Buffer.from(header, 'utf8'),
      null,
      nonce,
      this.sealingKeys.get(this.currentKeyId)!,
    );
    return `${header}.${payload.toString('base64url')}`;
  }

  /** What every ciphertext written now begins with (`v2.<currentKeyId>.`): one that does not is re-encrypted by the background job. */
  get currentPrefix(): string {
    return `${this.currentHeader()}.`;
  }

  /** The plaintext of a ciphertext in an older format or under another key, encrypted as {@link encrypt} does now. */
  reencrypt(ciphertext: string): string {
    return this.encrypt(this.decrypt(ciphertext));
  }

  /**
   * {@link encrypt} every value, and {@link blindIndex} it under `kinds[i]` where that is not
   * null, in worker threads: for bulk work (a roster sync), so the main thread is free meanwhile.
   * Same output as the one-value methods; values must already be normalised.
   */
  protectMany(input: BulkInput): Promise<BulkOutput> {
    if (input.values.length !== input.kinds.length) throw new Error('Personal data: one kind (or null) per value');
    for (const kind of [...input.kinds, input.digests?.kind ?? null]) {
      if (kind !== null && !BLIND_INDEX_KINDS.includes(kind)) throw new Error(`Personal data: unknown blind-index kind "${String(kind)}"`);
    }
    if (input.values.length === 0 && !input.digests?.values.length) return Promise.resolve({ ciphertexts: [], indexes: [], digests: [] });
    this.workers ??= new PersonalDataWorkers({
      header: this.currentHeader(),
      sealingKey: this.sealingKeys.get(this.currentKeyId)!,
      blindIndexKey: this.blindIndexKey,
    });
    return this.workers.run(input);
  }

  /** Ends the worker threads of {@link protectMany}, if any were started (after the HTTP server has closed). */
  async onApplicationShutdown(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    await workers?.close();
  }

  private currentHeader(): string {
    return `${CURRENT_FORMAT}.${this.currentKeyId}`;
  }

  // A fresh nonce; a used slice of the pool is never handed out again.
  private nextNonce(): Buffer {
    if (this.nonceOffset + NONCE_BYTES > this.noncePool.length) {
      this.noncePool = Buffer.allocUnsafe(NONCE_BYTES * 4096);
      sodium.randombytes_buf(this.noncePool);
      this.nonceOffset = 0;
    }
    const nonce = this.noncePool.subarray(this.nonceOffset, this.nonceOffset + NONCE_BYTES);
    this.nonceOffset += NONCE_BYTES;
    return nonce;
  }

  /**
   * Decrypts text made by {@link encrypt} (v2), or written in the older v1 format, under any
   * configured key; throws PersonalDataDecryptionError if malformed, the key id is unknown, or it
   * was tampered with.
   */
  decrypt(ciphertext: string): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 3 || !FORMATS_READ.includes(parts[0])) {
      throw new PersonalDataDecryptionError(`Personal data ciphertext is not in the ${CURRENT_FORMAT}.<keyId>.<payload> (or ${V1.version}) format`);
    }
    const [version, keyId, encoded] = parts;
    if (!this.encryptionKeys.has(keyId)) throw new PersonalDataDecryptionError(`Personal data ciphertext uses unknown key id "${keyId}"`);
    if (!/^[A-Za-z0-9_-]*$/.test(encoded)) {
      throw new PersonalDataDecryptionError('Personal data ciphertext payload is not base64url');
    }
    const payload = Buffer.from(encoded, 'base64url');
    const header = Buffer.from(`${version}.${keyId}`, 'utf8');
    const plaintext = version === V1.version ? this.openV1(keyId, header, payload) : this.openV2(keyId, header, payload);
    return plaintext.toString('utf8');
  }

  private openV2(keyId: string, header: Buffer, payload: Buffer): Buffer {
    if (payload.length < NONCE_BYTES + TAG_BYTES) throw new PersonalDataDecryptionError('Personal data ciphertext payload is too short');
    const message = Buffer.alloc(payload.length - NONCE_BYTES - TAG_BYTES);
    try {
      sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        message,
        null,
        payload.subarray(NONCE_BYTES),
        header,
        payload.subarray(0, NONCE_BYTES),
        this.sealingKeys.get(keyId)!,
      );
    } catch {
      throw failedAuthentication(keyId);
    }
    return message;
  }

  // v1: AES-256-GCM under the configured key itself, read with OpenSSL's (node:crypto).
  private openV1(keyId: string, header: Buffer, payload: Buffer): Buffer {
    if (payload.length < V1.ivBytes + V1.tagBytes) throw new PersonalDataDecryptionError('Personal data ciphertext payload is too short');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encryptionKeys.get(keyId)!, payload.subarray(0, V1.ivBytes), { authTagLength: V1.tagBytes });
      decipher.setAAD(header);
      decipher.setAuthTag(payload.subarray(V1.ivBytes, V1.ivBytes + V1.tagBytes));
      return Buffer.concat([decipher.update(payload.subarray(V1.ivBytes + V1.tagBytes)), decipher.final()]);
    } catch {
      throw failedAuthentication(keyId);
    }
  }

  /** Deterministic HMAC-SHA256 hex of a normalised value under the blind-index key, separated by kind so a phone and an ID never collide. */
  blindIndex(kind: BlindIndexKind, normalisedValue: string): string {
    if (!BLIND_INDEX_KINDS.includes(kind)) throw new Error(`Personal data: unknown blind-index kind "${String(kind)}"`);
    // Kinds contain no ':', so "<kind>:" is an unambiguous prefix.
    return createHmac('sha256', this.blindIndexKeyObject).update(`${kind}:${normalisedValue}`, 'utf8').digest('hex');
  }

  /** Normalises and validates a mainland mobile number, then returns its ciphertext, blind index and mask; throws PersonalDataFormatError (field 'phone') if invalid. */
  protectPhone(raw: string): ProtectedValue {
    const phone = normalisePhone(raw);
    if (!isMainlandMobile(phone)) {
      throw new PersonalDataFormatError('phone', 'Phone number must be an 11-digit mainland China mobile number');
    }
    return { ciphertext: this.encrypt(phone), blindIndex: this.blindIndex('phone', phone), masked: maskPhone(phone) };
  }

  /** Normalises and validates a national ID number (居民身份证号码), then returns its ciphertext, blind index and mask; throws PersonalDataFormatError (field 'idNumber') if invalid. */
  protectIdNumber(raw: string): ProtectedValue {
    const idNumber = normaliseIdNumber(raw);
    if (!isValidIdNumber(idNumber)) {
      throw new PersonalDataFormatError('idNumber', 'ID number must be 18 characters with a valid check character and birth date (GB 11643-1999)');
    }
    return {
      ciphertext: this.encrypt(idNumber),
      blindIndex: this.blindIndex('id_number', idNumber),
      masked: maskIdNumber(idNumber),
    };
  }

  /** Trims a person's name and returns its ciphertext, blind index and mask; throws PersonalDataFormatError (field 'name') if empty or over 50 characters. */
  protectName(raw: string, field = 'name'): ProtectedValue {
    const name = raw.trim().replace(/\s+/g, ' ');
    if (name.length === 0 || [...name].length > 50) {
      throw new PersonalDataFormatError(field, 'Name must be 1 to 50 characters');
    }
    return { ciphertext: this.encrypt(name), blindIndex: this.blindIndex('name', name), masked: maskName(name) };
  }
}

function assertKeyLength(label: string, key: unknown): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    const got = Buffer.isBuffer(key) ? `${key.length} bytes` : 'not a Buffer';
    throw new Error(`Personal data: ${label} must be ${KEY_BYTES} bytes, got ${got}`);
  }
}

function failedAuthentication(keyId: string): PersonalDataDecryptionError {
  return new PersonalDataDecryptionError(`Personal data ciphertext failed authentication under key "${keyId}" (tampered or wrong key)`);
}
