import { randomBytes } from 'node:crypto';
import { PersonalDataFormatError } from './personal-data-format.js';
import {
  PersonalDataDecryptionError,
  PersonalDataService,
  type PersonalDataKeys,
} from './personal-data.service.js';

const k1 = Buffer.alloc(32, 1);
const k2 = Buffer.alloc(32, 2);
const indexKey = Buffer.alloc(32, 9);

const makeService = (overrides: Partial<PersonalDataKeys> = {}) =>
  new PersonalDataService({ encryptionKeys: { k1 }, currentKeyId: 'k1', blindIndexKey: indexKey, ...overrides });

// Flips one bit in the base64url payload of a ciphertext at the given byte offset.
function flipPayloadByte(ciphertext: string, offset: number): string {
  const [version, keyId, encoded] = ciphertext.split('.');
  const payload = Buffer.from(encoded, 'base64url');
  payload[offset] ^= 0x01;
  return `${version}.${keyId}.${payload.toString('base64url')}`;
}

describe('PersonalDataService construction', () => {
  it('refuses an encryption key that is not 32 bytes', () => {
    expect(() => makeService({ encryptionKeys: { k1: Buffer.alloc(16, 1) } })).toThrow(
      'encryption key "k1" must be 32 bytes, got 16 bytes',
    );
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
    expect(() => makeService({ encryptionKeys: { k1, k2 }, blindIndexKey: Buffer.from(k2) })).toThrow(
      'blind-index key must differ from encryption key "k2"',
    );
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

  it('writes compact v1.<keyId>.<base64url> text with the key id visible', () => {
    const ciphertext = service.encrypt('13812341234');
    expect(ciphertext).toMatch(/^v1\.k1\.[A-Za-z0-9_-]+$/);
    // 12-byte IV + 16-byte tag + 11 bytes of plaintext.
    expect(Buffer.from(ciphertext.split('.')[2], 'base64url')).toHaveLength(12 + 16 + 11);
  });

  it('never reveals the plaintext and gives different ciphertext each time for the same value', () => {
    const a = service.encrypt('13812341234');
    const b = service.encrypt('13812341234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812341234');
  });

  it('rejects a ciphertext with any flipped bit in IV, tag or body', () => {
    const ciphertext = service.encrypt('13812341234');
    for (const offset of [0, 11, 12, 27, 28, 38]) {
      expect(() => service.decrypt(flipPayloadByte(ciphertext, offset))).toThrow(PersonalDataDecryptionError);
    }
    expect(() => service.decrypt(flipPayloadByte(ciphertext, 30))).toThrow('failed authentication');
  });

  it('rejects a ciphertext relabelled with another configured key id', () => {
    const both = makeService({ encryptionKeys: { k1, k2 } });
    const relabelled = both.encrypt('13812341234').replace(/^v1\.k1\./, 'v1.k2.');
    expect(() => both.decrypt(relabelled)).toThrow('failed authentication');
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
    ['a wrong version', 'v2.k1.AAAA'],
    ['too few parts', 'v1.k1'],
    ['too many parts', 'v1.k1.AAAA.BBBB'],
    ['a payload that is not base64url', 'v1.k1.AA+/AA=='],
    ['a payload shorter than IV and tag', `v1.k1.${Buffer.alloc(27).toString('base64url')}`],
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
    expect(fresh.startsWith('v1.k2.')).toBe(true);
    expect(after.decrypt(fresh)).toBe('11010519491231002X');
  });

  it('keeps blind indexes unchanged across encryption key rotation', () => {
    const before = makeService({ encryptionKeys: { k1 }, currentKeyId: 'k1' });
    const after = makeService({ encryptionKeys: { k1, k2 }, currentKeyId: 'k2' });
    expect(after.blindIndex('phone', '13812341234')).toBe(before.blindIndex('phone', '13812341234'));
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
    expect(() => service.protectIdNumber('110105194912310021')).toThrow(
      expect.objectContaining({ name: 'PersonalDataFormatError', field: 'idNumber' }),
    );
  });
});
