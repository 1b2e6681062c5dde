import { PersonalDataService } from './personal-data.service.js';
import { PersonalDataWorkers } from './personal-data-workers.js';

const k1 = Buffer.alloc(32, 1);
const indexKey = Buffer.alloc(32, 9);

describe('PersonalDataService.protectMany (worker threads)', () => {
  const service = new PersonalDataService({ encryptionKeys: { k1 }, currentKeyId: 'k1', blindIndexKey: indexKey });
  afterAll(() => service.onApplicationShutdown());

  it('produces ciphertext the service decrypts and the blind indexes the service computes', async () => {
    const values = ['张三', '13800138000', '11010519491231002X', '欧阳明', ''];
    const kinds = [null, 'phone', 'id_number', 'name', null] as const;
    const { ciphertexts, indexes } = await service.protectMany({ values, kinds: [...kinds] });
    expect(ciphertexts.map((c) => service.decrypt(c))).toEqual(values);
    for (const c of ciphertexts) expect(c).toMatch(/^v2\.k1\.[A-Za-z0-9_-]+$/);
    expect(indexes).toEqual([
      null,
      service.blindIndex('phone', values[1]),
      service.blindIndex('id_number', values[2]),
      service.blindIndex('name', values[3]),
      null,
    ]);
  });

  it('encrypts text of every length (0 to 100 bytes, Chinese text, control characters, long text) as the service decrypts it', async () => {
    const values = [
      ...Array.from({ length: 101 }, (_, n) => 'x'.repeat(n)),
      ...Array.from({ length: 40 }, (_, n) => '宁远配送站'.repeat(n)),
      'a\u0000b\nc\t😀',
      '欧'.repeat(3000),
    ];
    const { ciphertexts } = await service.protectMany({ values, kinds: values.map(() => null) });
    expect(ciphertexts.map((c) => service.decrypt(c))).toEqual(values);
  });

  it('makes ciphertext that fails authentication when any byte of it is changed', async () => {
    const [ciphertext] = (await service.protectMany({ values: ['13800138000'], kinds: [null] })).ciphertexts;
    const payload = Buffer.from(ciphertext.split('.')[2], 'base64url');
    for (let i = 0; i < payload.length; i++) {
      const tampered = Buffer.from(payload);
      tampered[i] ^= 0x01;
      expect(() => service.decrypt(`v2.k1.${tampered.toString('base64url')}`)).toThrow('failed authentication');
    }
  });

  it('blind-indexes digest values without encrypting them, as the service does', async () => {
    const rows = ['["r1","张三"]', '["r2","李四"]'];
    const output = await service.protectMany({ values: ['x'], kinds: [null], digests: { kind: 'roster_row', values: rows } });
    expect(output.digests).toEqual(rows.map((row) => service.blindIndex('roster_row', row)));
    expect(output.ciphertexts).toHaveLength(1);
    const only = await service.protectMany({ values: [], kinds: [], digests: { kind: 'roster_row', values: rows } });
    expect(only).toEqual({ ciphertexts: [], indexes: [], digests: output.digests });
  });

  it('never reuses a nonce, across batches running at once', async () => {
    const batches = await Promise.all(
      Array.from({ length: 8 }, (_, b) =>
        service.protectMany({ values: Array.from({ length: 500 }, (_, i) => `v${b}-${i}`), kinds: new Array(500).fill(null) }),
      ),
    );
    const nonces = batches.flatMap((b) => b.ciphertexts.map((c) => Buffer.from(c.split('.')[2], 'base64url').subarray(0, 24).toString('hex')));
    expect(new Set(nonces).size).toBe(8 * 500);
    expect(batches[7].ciphertexts.map((c) => service.decrypt(c))[499]).toBe('v7-499');
  });

  it('refuses an unknown blind-index kind before any work', () => {
    expect(() => service.protectMany({ values: ['x'], kinds: ['email' as never] })).toThrow('unknown blind-index kind');
  });

  it('refuses work once closed', async () => {
    const workers = new PersonalDataWorkers({ header: 'v2.k1', sealingKey: k1, blindIndexKey: indexKey }, 1);
    await expect(workers.run({ values: ['a'], kinds: [null] })).resolves.toMatchObject({ indexes: [null] });
    await workers.close();
    await expect(workers.run({ values: ['a'], kinds: [null] })).rejects.toThrow('closed');
  });
});
