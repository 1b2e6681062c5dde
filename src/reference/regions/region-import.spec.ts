import { DomainError } from '../../common/errors/domain-error.js';
import { countyCodeOf, levelOfCode, parentMismatch } from './region-code.js';
import { ImportOutcome, parseCsv, parseRegionCsv, planRegionImport, type KnownRegion } from './region-import.js';
import { RegionLevel } from './region-level.enum.js';

describe('region codes (GB/T 2260)', () => {
  it.each([
    ['430000', RegionLevel.PROVINCE],
    ['431100', RegionLevel.CITY],
    ['431126', RegionLevel.COUNTY],
    ['431126100', RegionLevel.TOWNSHIP],
    ['431126100001', RegionLevel.COMMUNITY],
  ])('reads %s as a %s', (code, level) => expect(levelOfCode(code)).toBe(level));

  it.each(['', '43', '4311260', '000000', '43112a', '431126000', '431126100000', '431100100', ' 431126'])('refuses %p', (code) =>
    expect(levelOfCode(code)).toBeNull(),
  );

  it('gives the county of county-level codes and below only', () => {
    expect(countyCodeOf('431126100001')).toBe('431126');
    expect(countyCodeOf('431126')).toBe('431126');
    expect(countyCodeOf('431100')).toBeNull();
  });

  it('accepts a parent exactly one level up whose code the child starts with', () => {
    expect(parentMismatch('431100', '430000')).toBeNull();
    expect(parentMismatch('431126', '431100')).toBeNull();
    expect(parentMismatch('431126100', '431126')).toBeNull();
    expect(parentMismatch('431126100001', '431126100')).toBeNull();
    expect(parentMismatch('431126100', '431100')).toMatch(/TOWNSHIP must have a COUNTY parent/);
    expect(parentMismatch('431126100', '431127')).toMatch(/does not lie within 431127/);
    expect(parentMismatch('441100', '430000')).toMatch(/does not lie within/);
  });
});

describe('region CSV', () => {
  it('parses quotes, CRLF and blank lines, numbering lines as in the file', () => {
    expect(parseCsv('a,b\r\n\r\n"x, ""y""",z\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['x, "y"', 'z'] },
    ]);
  });

  it('refuses a file without the header, naming the csv field', () => {
    expect(() => parseRegionCsv('430000,湖南省,\n')).toThrow(DomainError);
    expect(() => parseRegionCsv('code,name,parentCode\n')).toThrow(/no rows/);
    expect(parseRegionCsv('\uFEFFcode,name,parentCode\n430000,湖南省,\n')).toHaveLength(1);
  });
});

describe('planning a region import', () => {
  const known = new Map<string, KnownRegion>([
    ['430000', { code: '430000', name: '湖南省', parentCode: null }],
    ['431100', { code: '431100', name: '永州市', parentCode: '430000' }],
  ]);
  const plan = (csv: string) => planRegionImport(parseRegionCsv(`code,name,parentCode\n${csv}`), known);

  it('creates children of stored regions and of earlier rows', () => {
    const rows = plan('431126,宁远县,431100\n431126100,舜陵街道,431126\n431126100001,社区,431126100');
    expect(rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, 'CREATED'],
      [3, 'CREATED'],
      [4, 'CREATED'],
    ]);
  });

  it('reports unchanged and renamed regions', () => {
    const rows = plan('430000,湖南省,\n431100,永州,430000');
    expect(rows.map((r) => r.outcome)).toEqual([ImportOutcome.UNCHANGED, ImportOutcome.UPDATED]);
  });

  it('rejects each kind of bad row with a reason', () => {
    const rows = plan(
      [
        '43112X,坏代码,431100', // bad code
        '431126,宁远县,431100',
        '431126,宁远县,431100', // duplicate
        '431127,,431100', // empty name
        '431126100,街道,431100', // wrong parent level
        '431128100,街道,431126', // not within parent
        '431299,县,431200', // unknown parent
        '431126200,镇,431126,extra', // column count
        '431100,永州市,', // moving a stored region
        '431126300,镇,43112', // parent is not a region code
      ].join('\n'),
    );
    const reasons = rows.map((r) => `${r.outcome} ${r.reason ?? ''}`);
    expect(reasons[0]).toMatch(/REJECTED .*not a GB\/T 2260 region code/);
    expect(reasons[1]).toBe('CREATED ');
    expect(reasons[2]).toMatch(/REJECTED duplicate code: 431126 already appears on line 3/);
    expect(reasons[3]).toMatch(/REJECTED name is empty/);
    expect(reasons[4]).toMatch(/REJECTED a TOWNSHIP must have a COUNTY parent/);
    expect(reasons[5]).toMatch(/REJECTED 431128100 does not lie within 431126/);
    expect(reasons[6]).toMatch(/REJECTED unknown parent 431200/);
    expect(reasons[7]).toMatch(/REJECTED expected 3 columns/);
    expect(reasons[8]).toMatch(/REJECTED parentCode is required for a CITY/);
    expect(reasons[9]).toMatch(/REJECTED .*not a region code/);
  });

  it('rejects a child whose parent row was rejected or comes later', () => {
    const rows = plan('431126,,431100\n431126100,街道,431126\n431127100,镇,431127\n431127,县,431100');
    expect(rows[1].reason).toBe('parent 431126 (line 2) was rejected');
    expect(rows[2].reason).toMatch(/parent 431127 only appears later \(line 5\)/);
    expect(rows[3].outcome).toBe(ImportOutcome.CREATED);
  });

  it('refuses to move a stored region under another parent', () => {
    const moved = planRegionImport(
      parseRegionCsv('code,name,parentCode\n431100,永州市,430000'),
      new Map([
        ['430000', { code: '430000', name: '湖南省', parentCode: null }],
        ['431100', { code: '431100', name: '永州市', parentCode: '439900' }],
      ]),
    );
    expect(moved[0].reason).toMatch(/already exists under 439900; a region cannot be moved/);
  });
});
