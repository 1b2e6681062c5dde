import { Readable } from 'node:stream';
import { maskChanges } from './mask-changes.js';

describe('maskChanges (what an audit entry keeps of an input)', () => {
  describe('drops credentials entirely', () => {
    it('drops passwords, tokens, API keys and secrets, keeping the other fields', () => {
      expect(
        maskChanges({
          username: 'admin',
          password: 'Secret#123',
          newPassword: 'N3w#pass',
          currentPassword: 'old',
          refreshToken: 'r.t',
          accessToken: 'a.t',
          token: 't',
          apiKey: 'nf_abc',
          key: 'nf_def',
          secret: 's',
        }),
      ).toEqual({ username: 'admin' });
    });

    it('drops look-alike credential keys in any case (oldPassword, passwordConfirmation, clientSecret, idToken, PASSWORD)', () => {
      expect(maskChanges({ oldPassword: 'a', passwordConfirmation: 'b', clientSecret: 'c', idToken: 'd', PASSWORD: 'e', note: 'ok' })).toEqual({
        note: 'ok',
      });
    });

    it('drops credentials nested in objects and arrays', () => {
      expect(maskChanges({ input: { user: { password: 'x', username: 'u' } }, list: [{ token: 'y', n: 1 }] })).toEqual({
        input: { user: { username: 'u' } },
        list: [{ n: 1 }],
      });
    });

    it('drops a 6-digit login code sent with a phone, but keeps a 6-digit region code', () => {
      expect(maskChanges({ phone: '13800138000', code: '123456' })).toEqual({ phone: '138****8000' });
      expect(maskChanges({ phone: '13800138000', code: 123456 })).toEqual({ phone: '138****8000' });
      expect(maskChanges({ code: '431126', name: '宁远县', parentCode: '431100' })).toEqual({
        code: '431126',
        name: '宁远县',
        parentCode: '431100',
      });
    });

    it('always drops verification and login codes', () => {
      expect(maskChanges({ verificationCode: '111111', loginCode: '222222' })).toEqual({});
    });
  });

  describe('masks personal data by key name', () => {
    it('masks phone numbers after normalising them', () => {
      expect(maskChanges({ phone: '+86 138-0013-8000', phoneNumber: '13912345678', mobile: '13700001111' })).toEqual({
        phone: '138****8000',
        phoneNumber: '139****5678',
        mobile: '137****1111',
      });
    });

    it('masks phone-like keys such as contactPhone and a list of phones', () => {
      expect(maskChanges({ contactPhone: '13800138000', phones: ['13800138000', '13912345678'] })).toEqual({
        contactPhone: '138****8000',
        phones: ['138****8000', '139****5678'],
      });
    });

    it('masks a numeric phone too', () => {
      expect(maskChanges({ phone: 13800138000 })).toEqual({ phone: '138****8000' });
    });

    it('masks ID numbers, upper-casing the check character', () => {
      expect(maskChanges({ idNumber: '43112619900101123x' })).toEqual({ idNumber: '431***********123X' });
      expect(maskChanges({ spouseIdNumber: '431126199001011234' })).toEqual({ spouseIdNumber: '431***********1234' });
    });

    it("masks a person's name beside a phone or ID number", () => {
      expect(maskChanges({ name: '张小三', phone: '13800138000' })).toEqual({ name: '张*三', phone: '138****8000' });
      expect(maskChanges({ name: '李四', idNumber: '431126199001011234' })).toEqual({ name: '李*', idNumber: '431***********1234' });
    });

    it('masks workerName and realName wherever they appear', () => {
      expect(maskChanges({ workerName: '欧阳小明', realName: '王五', site: { realName: '赵六六' } })).toEqual({
        workerName: '欧**明',
        realName: '王*',
        site: { realName: '赵*六' },
      });
    });

    it('leaves the name of a thing that is not a person (an enterprise, a station) alone', () => {
      expect(maskChanges({ name: '宁远县美团配送站', address: '舜陵街道' })).toEqual({ name: '宁远县美团配送站', address: '舜陵街道' });
    });

    it('masks people inside a list of roster records', () => {
      expect(maskChanges({ riders: [{ externalId: 'r1', name: '张小三', phone: '13800138000', idNumber: '431126199001011234', gender: 'M' }] })).toEqual({
        riders: [{ externalId: 'r1', name: '张*三', phone: '138****8000', idNumber: '431***********1234', gender: 'M' }],
      });
    });

    it("keeps a null phone as null, and still treats the name beside it as a person's", () => {
      expect(maskChanges({ phone: null, name: '张小三' })).toEqual({ phone: null, name: '张*三' });
    });
  });

  describe('caps sizes and keeps the result JSON-safe', () => {
    it('cuts long strings, saying how much was left off', () => {
      const masked = maskChanges({ note: 'a'.repeat(600) }) as { note: string };
      expect(masked.note).toBe(`${'a'.repeat(500)}…[+100 chars]`);
    });

    it('keeps the first 50 items of a long array and counts the rest', () => {
      const masked = maskChanges({ ids: Array.from({ length: 60 }, (_, i) => i) }) as { ids: unknown[] };
      expect(masked.ids).toHaveLength(51);
      expect(masked.ids[49]).toBe(49);
      expect(masked.ids[50]).toBe('[+10 more]');
    });

    it('keeps the first 100 keys of a huge object', () => {
      const wide = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`k${i}`, i]));
      const masked = maskChanges(wide) as Record<string, unknown>;
      expect(Object.keys(masked)).toHaveLength(101);
      expect(masked['…']).toBe('[+20 more keys]');
    });

    it('replaces values nested too deep, circular references, streams and binary with markers', () => {
      const deep: Record<string, unknown> = {};
      let cursor = deep;
      for (let i = 0; i < 12; i++) cursor = (cursor.next = {}) as Record<string, unknown>;
      expect(JSON.stringify(maskChanges(deep))).toContain('[too deep]');

      const loop: Record<string, unknown> = { a: 1 };
      loop.self = loop;
      expect(maskChanges(loop)).toEqual({ a: 1, self: '[circular]' });

      expect(maskChanges({ body: Readable.from(['x']), file: Buffer.from('abc') })).toEqual({ body: '[stream]', file: '[binary 3 bytes]' });
    });

    it('turns dates into ISO strings, bigints into strings, and drops functions', () => {
      expect(maskChanges({ at: new Date('2025-01-02T03:04:05.000Z'), n: 10n, f: () => 1, inf: Infinity })).toEqual({
        at: '2025-01-02T03:04:05.000Z',
        n: '10',
        inf: 'Infinity',
      });
    });

    it("walks GraphQL's null-prototype argument objects and DTO class instances", () => {
      const args = Object.assign(Object.create(null) as object, { input: { name: '张小三', phone: '13800138000', password: 'p' } });
      class CreateWorkerInput {
        name = '李小四';
        idNumber = '431126199001011234';
      }
      expect(maskChanges(args)).toEqual({ input: { name: '张*三', phone: '138****8000' } });
      expect(maskChanges(new CreateWorkerInput())).toEqual({ name: '李*四', idNumber: '431***********1234' });
    });

    it('does not modify its input', () => {
      const input = { name: '张小三', phone: '13800138000', password: 'p' };
      maskChanges(input);
      expect(input).toEqual({ name: '张小三', phone: '13800138000', password: 'p' });
    });

    it('passes scalars and null through', () => {
      expect(maskChanges('hello')).toBe('hello');
      expect(maskChanges(3)).toBe(3);
      expect(maskChanges(null)).toBeNull();
      expect(maskChanges(undefined)).toBeNull();
    });
  });
});
