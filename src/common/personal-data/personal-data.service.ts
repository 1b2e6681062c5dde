import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
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

/** Key material for personal data: AES-256 keys by id, the id new ciphertext uses, and a separate HMAC key for blind indexes. */
export interface PersonalDataKeys {
  encryptionKeys: Record<string, Buffer>;
  currentKeyId: string;
  blindIndexKey: Buffer;
}

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
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
const BLIND_INDEX_KINDS: readonly BlindIndexKind[] = ['phone', 'id_number', 'name', 'roster_row'];

/** Encrypts, blind-indexes and masks personal data (PIPL, docs/ARCHITECTURE.md §5) under configured keys. */
@Injectable()
export class PersonalDataService implements OnApplicationShutdown {
  private readonly encryptionKeys: ReadonlyMap<string, Buffer>;
  private readonly currentKeyId: string;
  private readonly blindIndexKey: Buffer;
  // The same key as a KeyObject: HMAC with it skips importing the key bytes on every call.
  private readonly blindIndexKeyObject: KeyObject;
  // Random bytes for IVs, drawn in bulk: one call to the system's random source per 4096 IVs
  // instead of one per value (which dominated bulk encryption such as a roster sync).
  private ivPool = Buffer.alloc(0);
  private ivOffset = 0;
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
    this.currentKeyId = keys.currentKeyId;
    this.blindIndexKey = Buffer.from(keys.blindIndexKey);
    this.blindIndexKeyObject = createSecretKey(this.blindIndexKey);
  }

  /** Encrypts with AES-256-GCM under the current key and a fresh IV; returns `v1.<keyId>.<base64url(iv|tag|ciphertext)>`. */
  encrypt(plaintext: string): string {
    const keyId = this.currentKeyId;
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKeys.get(keyId)!, iv);
    // The header is authenticated too, so a ciphertext cannot be relabelled with another key id.
    cipher.setAAD(headerFor(keyId));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const payload = Buffer.concat([iv, cipher.getAuthTag(), body]);
    return `${FORMAT_VERSION}.${keyId}.${payload.toString('base64url')}`;
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
      keyId: this.currentKeyId,
      encryptionKey: this.encryptionKeys.get(this.currentKeyId)!,
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

  // A fresh 12-byte IV; a used slice of the pool is never handed out again.
  private nextIv(): Buffer {
    if (this.ivOffset + IV_BYTES > this.ivPool.length) {
      this.ivPool = randomBytes(IV_BYTES * 4096);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    return iv;
  }

  /** Decrypts text made by {@link encrypt} under any configured key; throws PersonalDataDecryptionError if malformed, the key id is unknown, or it was tampered with. */
  decrypt(ciphertext: string): string {
    const parts = ciphertext.split('.');
    if (parts.length !== 3 || parts[0] !== FORMAT_VERSION) {
      throw new PersonalDataDecryptionError(`Personal data ciphertext is not in the ${FORMAT_VERSION}.<keyId>.<payload> format`);
    }
    const [, keyId, encoded] = parts;
    const key = this.encryptionKeys.get(keyId);
    if (!key) throw new PersonalDataDecryptionError(`Personal data ciphertext uses unknown key id "${keyId}"`);
    if (!/^[A-Za-z0-9_-]*$/.test(encoded)) {
      throw new PersonalDataDecryptionError('Personal data ciphertext payload is not base64url');
    }
    const payload = Buffer.from(encoded, 'base64url');
    if (payload.length < IV_BYTES + TAG_BYTES) {
      throw new PersonalDataDecryptionError('Personal data ciphertext payload is too short');
    }
    const iv = payload.subarray(0, IV_BYTES);
    const tag = payload.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const body = payload.subarray(IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(headerFor(keyId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new PersonalDataDecryptionError(
        `Personal data ciphertext failed authentication under key "${keyId}" (tampered or wrong key)`,
      );
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
      throw new PersonalDataFormatError(
        'idNumber',
        'ID number must be 18 characters with a valid check character and birth date (GB 11643-1999)',
      );
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

function headerFor(keyId: string): Buffer {
  return Buffer.from(`${FORMAT_VERSION}.${keyId}`, 'utf8');
}
