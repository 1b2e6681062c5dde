import { createHash } from 'node:crypto';
import { RowHashSet, stagingTable } from './roster-staging.js';

const hash = (n: number) => createHash('sha256').update(String(n)).digest('hex');

describe('RowHashSet', () => {
  it('holds what was added, through growth, and nothing else', () => {
    const set = new RowHashSet();
    for (let i = 0; i < 5000; i++) set.add(hash(i));
    set.add(hash(1));
    expect(set.size).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(set.has(hash(i))).toBe(true);
    for (let i = 5000; i < 10000; i++) expect(set.has(hash(i))).toBe(false);
  });

  it('stores an all-zero key', () => {
    const set = new RowHashSet();
    set.add('0'.repeat(64));
    expect(set.has('0'.repeat(64))).toBe(true);
  });
});

describe('stagingTable', () => {
  it('names a sync\u2019s table in roster_staging and refuses anything but a uuid', () => {
    expect(stagingTable('6f1e2d3c-0000-4000-8000-000000000001')).toBe('roster_staging.s_6f1e2d3c000040008000000000000001');
    expect(() => stagingTable('x; DROP TABLE worker')).toThrow();
  });
});
