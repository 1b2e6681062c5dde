import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PersonalDataFormatError } from './personal-data-format.js';
import { PersonalDataDecryptionError, PersonalDataService, type PersonalDataKeys } from './personal-data.service.js';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const indexKey = Buffer.alloc(32, 9);

const makeService = (overrides: Partial<PersonalDataKeys> = {}) =>
  new PersonalDataService({ encryptionKeys: { k1 }, currentKeyId: 'k1', blindIndexKey: indexKey, ...overrides });

// A v2 ciphertext of '11010519491231002X' under k1, written once (by libsodium and node:crypto's HKDF directly): a change to the format,
// the key derivation or the header would make every stored value unreadable, and fails this.
const PINNED_V2 = 'v2.k1.Ax47erwU-zMOvw0FDRUE-k6KNLFed8pCwL-hFFtG49T0kvZLAgLBAlWFP29hdn3SranplYypincCBQ';

// Flips one bit in the base64url payload of a ciphertext at the given byte offset.
function flipPayloadByte(ciphertext: string, offset: number): string {
  const [version, keyId, encoded] = ciphertext.split('.');
  const payload = Buffer.from(encoded, 'base64url');
  payload[offset] ^= 0x01;
  return `${version}.${keyId}.${payload.toString('base64url')}`;
}

describe('PersonalDataService construction', () => {
  it('refuses an encryption key that is not 32 bytes', () => {
    expect(() => makeService({ encryptionKeys: { k1: Buffer.alloc(16, 1) } })).toThrow('encryption key "k1" must be 32 bytes, got 16 bytes');
  });

  it('refuses a blind-index key that is not 32 bytes', () => {
    expect(() => makeService({ blindIndexKey: Buffer.alloc(31, 9) })).toThrow('blind-index key must be 32 bytes');
  });

  it('refuses a current key id that has no key', () => {
    expect(() => makeService({ currentKeyId: 'k2' })).toThrow('current key id "k2" is not among the encryption keys');
  });

  it('refuses an empty key set', () => {
    expect(() => makeService({ encryptionKeys: {} })).toThrow('at least one encryption key is required');
  });

  it('refuses a blind-index key equal to any encryption key', () => {
    expect(() => makeService({ encryptionKeys: { k1, k2 }, blindIndexKey: Buffer.from(k2) })).toThrow('blind-index key must differ from encryption key "k2"');
  });

  it('refuses a key id containing a dot, which would break the ciphertext format', () => {
    expect(() => makeService({ encryptionKeys: { 'k.1': k1 }, currentKeyId: 'k.1' })).toThrow('key id "k.1"');
  });

  it('is not affected when the caller later overwrites the key buffers it passed in', () => {
    const key = Buffer.from(k1);
    const service = makeService({ encryptionKeys: { k1: key } });
    const ciphertext = service.encrypt('13812341234');
    key.fill(0);
    expect(service.decrypt(ciphertext)).toBe('13812341234');
  });
});

describe('PersonalDataService encryption', () => {
  const service = makeService();

  it('decrypts what it encrypted, including Chinese text', () => {
    for (const plaintext of ['13812341234', '张小三', '']) {
      expect(service.decrypt(service.encrypt(plaintext))).toBe(plaintext);
    }
  });

  it('writes compact v2.<keyId>.<base64url> text with the key id visible', () => {
    const ciphertext = service.encrypt('13812341234');
    expect(ciphertext).toMatch(/^v2\.k1\.[A-Za-z0-9_-]+$/);
    expect(ciphertext.startsWith(service.currentPrefix)).toBe(true);
    // 24-byte nonce + 11 bytes of plaintext + 16-byte tag.
    expect(Buffer.from(ciphertext.split('.')[2], 'base64url')).toHaveLength(24 + 11 + 16);
  });

  it('still reads a v2 value written by an earlier build (the format, key derivation and header are fixed)', () => {
    expect(service.decrypt(PINNED_V2)).toBe('11010519491231002X');
  });

  it('never reveals the plaintext and gives different ciphertext each time for the same value', () => {
    const a = service.encrypt('13812341234');
    const b = service.encrypt('13812341234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812341234');
  });

  it('rejects a ciphertext with any flipped bit in nonce, body or tag', () => {
    const ciphertext = service.encrypt('13812341234');
    for (let offset = 0; offset < 24 + 11 + 16; offset++) {
      expect(() => service.decrypt(flipPayloadByte(ciphertext, offset))).toThrow('failed authentication');
    }
  });

  it('rejects a ciphertext cut short or lengthened', () => {
    const [version, keyId, encoded] = service.encrypt('13812341234').split('.');
    const payload = Buffer.from(encoded, 'base64url');
    for (const changed of [payload.subarray(0, payload.length - 1), Buffer.concat([payload, Buffer.alloc(1)])]) {
      expect(() => service.decrypt(`${version}.${keyId}.${changed.toString('base64url')}`)).toThrow('failed authentication');
    }
  });

  it('rejects a ciphertext relabelled with another configured key id or as the older format', () => {
    const both = makeService({ encryptionKeys: { k1, k2 } });
    const ciphertext = both.encrypt('13812341234');
    expect(() => both.decrypt(ciphertext.replace(/^v2\.k1\./, 'v2.k2.'))).toThrow('failed authentication');
    expect(() => both.decrypt(ciphertext.replace(/^v2\./, 'v1.'))).toThrow('failed authentication');
  });

  it('rejects a ciphertext made under another key with the same id', () => {
    const other = makeService({ encryptionKeys: { k1: randomBytes(32) } });
    expect(() => service.decrypt(other.encrypt('13812341234'))).toThrow('failed authentication');
  });

  it('names the unknown key id when a ciphertext uses a key it does not have', () => {
    const stranger = makeService({ encryptionKeys: { k9: k1 }, currentKeyId: 'k9' });
    expect(() => service.decrypt(stranger.encrypt('x'))).toThrow('unknown key id "k9"');
  });

  it.each([
    ['plain text', '13812341234'],
    ['a wrong version', 'v3.k1.AAAA'],
    ['too few parts', 'v2.k1'],
    ['too many parts', 'v2.k1.AAAA.BBBB'],
    ['a payload that is not base64url', 'v2.k1.AA+/AA=='],
    ['a payload shorter than nonce and tag', `v2.k1.${Buffer.alloc(39).toString('base64url')}`],
    ['a v1 payload shorter than IV and tag', `v1.k1.${Buffer.alloc(27).toString('base64url')}`],
  ])('rejects %s with a clear error', (_label, value) => {
    expect(() => service.decrypt(value)).toThrow(PersonalDataDecryptionError);
  });

  it('gives decryption errors a stable code for the error filter', () => {
    expect(() => service.decrypt('nonsense')).toThrow(expect.objectContaining({ code: 'PERSONAL_DATA_DECRYPTION_FAILED' }));
  });
});

describe('PersonalDataService key rotation', () => {
  it('still decrypts values written under the old key after the current key changes, and writes new ones under the new key', () => {
    const before = makeService({ encryptionKeys: { k1 }, currentKeyId: 'k1' });
    const old = before.encrypt('11010519491231002X');

    const after = makeService({ encryptionKeys: { k1, k2 }, currentKeyId: 'k2' });
    expect(after.decrypt(old)).toBe('11010519491231002X');
    const fresh = after.encrypt('11010519491231002X');
    expect(fresh.startsWith('v2.k2.')).toBe(true);
    expect(after.currentPrefix).toBe('v2.k2.');
    expect(after.decrypt(fresh)).toBe('11010519491231002X');
    expect(() => before.decrypt(fresh)).toThrow('unknown key id "k2"');
  });

  it('re-encrypts a value under an older key with the current one', () => {
    const before = makeService({ encryptionKeys: { k1 }, currentKeyId: 'k1' });
    const after = makeService({ encryptionKeys: { k1, k2 }, currentKeyId: 'k2' });
    const moved = after.reencrypt(before.encrypt('张小三'));
    expect(moved.startsWith('v2.k2.')).toBe(true);
    expect(makeService({ encryptionKeys: { k2 }, currentKeyId: 'k2' }).decrypt(moved)).toBe('张小三');
  });

  it('keeps blind indexes unchanged across encryption key rotation', () => {
    const before = makeService({ encryptionKeys: { k1 }, currentKeyId: 'k1' });
    const after = makeService({ encryptionKeys: { k1, k2 }, currentKeyId: 'k2' });
    expect(after.blindIndex('phone', '13812341234')).toBe(before.blindIndex('phone', '13812341234'));
  });
});

describe('PersonalDataService and values written in the v1 format (AES-256-GCM, before issue 19)', () => {
  // Written by the code of that time, in the worker threads and on the main thread: fixtures/v1-ciphertexts.json.
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/v1-ciphertexts.json', import.meta.url), 'utf8')) as {
    entries: { keyId: 'k1' | 'k2'; madeBy: string; plaintext: string; ciphertext: string }[];
  };
  const service = makeService({ encryptionKeys: { k1, k2 }, currentKeyId: 'k2' });

  it('reads every one of them, whichever key and whichever code wrote it', () => {
    expect(fixture.entries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(fixture.entries.map((e) => e.madeBy)).size).toBe(2);
    for (const { ciphertext, plaintext } of fixture.entries) {
      expect(ciphertext.startsWith('v1.')).toBe(true);
      expect(service.decrypt(ciphertext)).toBe(plaintext);
    }
  });

  it('rejects one with any byte changed, or relabelled with another key id', () => {
    const { ciphertext } = fixture.entries.find((e) => e.plaintext === '13800138000' && e.keyId === 'k1')!;
    const length = Buffer.from(ciphertext.split('.')[2], 'base64url').length;
    for (let offset = 0; offset < length; offset++) {
      expect(() => service.decrypt(flipPayloadByte(ciphertext, offset))).toThrow('failed authentication');
    }
    expect(() => service.decrypt(ciphertext.replace(/^v1\.k1\./, 'v1.k2.'))).toThrow('failed authentication');
    expect(() => service.decrypt(ciphertext.replace(/^v1\./, 'v2.'))).toThrow(PersonalDataDecryptionError);
  });

  it('re-encrypts them in the current format under the current key, and leaves nothing else to do', () => {
    for (const { ciphertext, plaintext } of fixture.entries) {
      expect(ciphertext.startsWith(service.currentPrefix)).toBe(false);
      const fresh = service.reencrypt(ciphertext);
      expect(fresh.startsWith('v2.k2.')).toBe(true);
      expect(service.decrypt(fresh)).toBe(plaintext);
    }
  });
});

describe('PersonalDataService blind index', () => {
  const service = makeService();

  it('is the same 64-hex-character value every time for the same input', () => {
    const first = service.blindIndex('phone', '13812341234');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(service.blindIndex('phone', '13812341234')).toBe(first);
    expect(makeService().blindIndex('phone', '13812341234')).toBe(first);
  });

  it('differs for different values', () => {
    expect(service.blindIndex('phone', '13812341234')).not.toBe(service.blindIndex('phone', '13812341235'));
  });

  it('keeps kinds apart, so a phone and an ID number with the same characters do not match', () => {
    const digits = '110105194912310021';
    const kinds = ['phone', 'id_number', 'name'] as const;
    const indexes = new Set(kinds.map((kind) => service.blindIndex(kind, digits)));
    expect(indexes.size).toBe(3);
  });

  it('depends on the blind-index key, so another deployment cannot match our index', () => {
    const other = makeService({ blindIndexKey: Buffer.alloc(32, 7) });
    expect(other.blindIndex('phone', '13812341234')).not.toBe(service.blindIndex('phone', '13812341234'));
  });

  it('refuses an unknown kind at runtime', () => {
    expect(() => service.blindIndex('email' as never, 'a@b.c')).toThrow('unknown blind-index kind "email"');
  });
});

describe('PersonalDataService.protectPhone', () => {
  const service = makeService();

  it('stores the normalised number, indexes it and masks it as 138****1234', () => {
    const result = service.protectPhone('+86 138-1234-1234');
    expect(result.masked).toBe('138****1234');
    expect(service.decrypt(result.ciphertext)).toBe('13812341234');
    expect(result.blindIndex).toBe(service.blindIndex('phone', '13812341234'));
  });

  it('finds the same person however the number was typed', () => {
    const a = service.protectPhone('13812341234');
    const b = service.protectPhone('0086 138 1234 1234');
    expect(a.blindIndex).toBe(b.blindIndex);
  });

  it('rejects a number that is not a mainland mobile, naming the field without echoing the value', () => {
    let caught: unknown;
    try {
      service.protectPhone('010-12345678');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PersonalDataFormatError);
    expect((caught as PersonalDataFormatError).field).toBe('phone');
    expect((caught as Error).message).not.toContain('12345678');
  });
});

describe('PersonalDataService.protectIdNumber', () => {
  const service = makeService();

  it('stores the normalised ID, indexes it and masks it keeping the first 3 and last 4', () => {
    const result = service.protectIdNumber(' 11010519491231002x ');
    expect(result.masked).toBe('110***********002X');
    expect(service.decrypt(result.ciphertext)).toBe('11010519491231002X');
    expect(result.blindIndex).toBe(service.blindIndex('id_number', '11010519491231002X'));
  });

  it('rejects an ID with a wrong check character as field idNumber', () => {
    expect(() => service.protectIdNumber('110105194912310021')).toThrow(expect.objectContaining({ name: 'PersonalDataFormatError', field: 'idNumber' }));
  });
});
