import { idNumberFor, riderRecord } from '../../bench/roster-data.js';
import { RosterRejectionCode, rosterRowHashInput, validateRosterRecord } from './roster-record.js';
import { RosterSyncMode } from './roster-sync.entity.js';

const known = (code: string) => code.startsWith('431126');
const check = (value: unknown, mode = RosterSyncMode.SNAPSHOT) => validateRosterRecord(value, mode, known, new Date('2024-06-01T00:00:00Z'));
const rejection = (value: unknown, mode = RosterSyncMode.SNAPSHOT) => {
  const row = check(value, mode);
  if (row.kind !== 'reject') throw new Error(`expected a rejection, got ${row.kind}`);
  return [row.rejection.code, row.rejection.field, row.rejection.externalId];
};

describe('roster record rules', () => {
  const valid = riderRecord(7);

  it('normalises a valid record: phone digits, ID check character, gender case, CSV strings', () => {
    const row = check({
      ...valid,
      phone: '+86 139-0000-0007',
      idNumber: valid.idNumber!.toLowerCase(),
      gender: 'female',
      siteLat: '25.5',
      partyMember: 'true',
    });
    expect(row).toEqual({
      kind: 'upsert',
      rider: expect.objectContaining({ phone: '13900000007', idNumber: valid.idNumber, gender: 'FEMALE', siteLat: 25.5, partyMember: true }),
    });
  });

  it('rejects each kind of bad row, naming the field and keeping the externalId', () => {
    expect(rejection({ ...valid, name: ' ' })).toEqual([RosterRejectionCode.MISSING_FIELD, 'name', valid.externalId]);
    expect(rejection({ ...valid, phone: '12800000000' })).toEqual([RosterRejectionCode.INVALID_PHONE, 'phone', valid.externalId]);
    const id = idNumberFor(3);
    expect(rejection({ ...valid, idNumber: id.slice(0, 17) + (id[17] === '1' ? '2' : '1') })).toEqual([
      RosterRejectionCode.INVALID_ID_NUMBER,
      'idNumber',
      valid.externalId,
    ]);
    expect(rejection({ ...valid, siteLng: 200 })).toEqual([RosterRejectionCode.INVALID_COORDINATES, 'siteLng', valid.externalId]);
    expect(rejection({ ...valid, siteLat: 'north' })).toEqual([RosterRejectionCode.INVALID_COORDINATES, 'siteLat', valid.externalId]);
    expect(rejection({ ...valid, regionCode: '110101' })).toEqual([RosterRejectionCode.UNKNOWN_REGION, 'regionCode', valid.externalId]);
    expect(rejection({ ...valid, gender: 'X' })).toEqual([RosterRejectionCode.INVALID_FIELD, 'gender', valid.externalId]);
    // Values outside the contract's enum are not guessed at.
    for (const gender of ['M', 'F', '男', '女'])
      expect(rejection({ ...valid, gender })).toEqual([RosterRejectionCode.INVALID_FIELD, 'gender', valid.externalId]);
    expect(rejection({ ...valid, wechat: 'x' })).toEqual([RosterRejectionCode.UNKNOWN_FIELD, 'wechat', valid.externalId]);
    expect(rejection({ ...valid, externalId: 'x'.repeat(65) })).toEqual([RosterRejectionCode.INVALID_FIELD, 'externalId', null]);
    expect(rejection({ ...valid, name: 'a\u0007b' })).toEqual([RosterRejectionCode.INVALID_FIELD, 'name', valid.externalId]);
    expect(rejection([1, 2])).toEqual([RosterRejectionCode.MALFORMED_ROW, null, null]);
  });

  it('lists every problem of a row, in field order, the first as its code and field; gender names the allowed values', () => {
    const row = check({ ...valid, name: '', gender: 'M', siteLat: 'north', regionCode: '110101', wechat: 'x' });
    if (row.kind !== 'reject') throw new Error('expected a rejection');
    expect(row.rejection.problems.map((p) => [p.code, p.field])).toEqual([
      [RosterRejectionCode.UNKNOWN_FIELD, 'wechat'],
      [RosterRejectionCode.MISSING_FIELD, 'name'],
      [RosterRejectionCode.INVALID_FIELD, 'gender'],
      [RosterRejectionCode.INVALID_COORDINATES, 'siteLat'],
      [RosterRejectionCode.UNKNOWN_REGION, 'regionCode'],
    ]);
    expect(row.rejection).toMatchObject({ code: RosterRejectionCode.UNKNOWN_FIELD, field: 'wechat', externalId: valid.externalId });
    expect(row.rejection.problems[2].reason).toBe('gender must be one of: MALE, FEMALE (or absent)');
  });

  it('reads op only in delta mode: upsert or deactivate (which needs only the externalId)', () => {
    expect(check({ externalId: 'a', op: 'deactivate' }, RosterSyncMode.DELTA)).toEqual({ kind: 'deactivate', externalId: 'a' });
    expect(rejection(valid, RosterSyncMode.DELTA)).toEqual([RosterRejectionCode.MISSING_FIELD, 'op', valid.externalId]);
    expect(rejection({ ...valid, op: 'delete' }, RosterSyncMode.DELTA)).toEqual([RosterRejectionCode.INVALID_FIELD, 'op', valid.externalId]);
    expect(rejection({ externalId: 'a', op: 'deactivate' })).toEqual([RosterRejectionCode.INVALID_FIELD, 'op', 'a']);
    expect(check({ ...valid, op: 'upsert' }).kind).toBe('upsert');
  });

  it('hashes equal riders equally whatever the input form, and different riders differently', () => {
    const a = check(valid);
    const b = check({ ...valid, phone: `+86${valid.phone}`, siteLat: String(valid.siteLat), gender: valid.gender === 'MALE' ? 'male' : 'female' });
    const c = check({ ...valid, siteName: '别处' });
    if (a.kind !== 'upsert' || b.kind !== 'upsert' || c.kind !== 'upsert') throw new Error('expected valid rows');
    expect(rosterRowHashInput(a.rider)).toBe(rosterRowHashInput(b.rider));
    expect(rosterRowHashInput(a.rider)).not.toBe(rosterRowHashInput(c.rider));
  });
});
