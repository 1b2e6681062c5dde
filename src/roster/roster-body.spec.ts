import { Readable } from 'node:stream';
import { DomainError } from '../common/errors/domain-error.js';
import { MAX_ROW_BYTES, readRosterBody, rosterBodyFormat, type BodyRow, type RosterBodyFormat } from './roster-body.js';

/** Reads `text` split into chunks of `size` bytes (to cross every boundary). */
async function rows(text: string | Buffer, format: RosterBodyFormat, size = 7): Promise<BodyRow[]> {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  const out: BodyRow[] = [];
  for await (const batch of readRosterBody(Readable.from(chunks), format)) out.push(...batch);
  return out;
}

describe('roster body readers', () => {
  it('picks the format from the media type and refuses others', () => {
    expect(rosterBodyFormat('application/x-ndjson; charset=utf-8')).toBe('ndjson');
    expect(rosterBodyFormat('application/json')).toBe('json');
    expect(rosterBodyFormat('text/csv')).toBe('csv');
    expect(() => rosterBodyFormat('application/xml')).toThrow(DomainError);
  });

  it('reads NDJSON line by line across chunks, numbering lines and flagging a bad one', async () => {
    const read = await rows('\uFEFF{"externalId":"甲"}\r\n\n{"externalId":"b"}\n{oops\n{"externalId":"c"}', 'ndjson');
    expect(read).toEqual([
      { line: 1, value: { externalId: '甲' } },
      { line: 3, value: { externalId: 'b' } },
      { line: 4, malformed: 'The line is not valid JSON' },
      { line: 5, value: { externalId: 'c' } },
    ]);
  });

  it('rejects an over-long NDJSON line without holding it', async () => {
    const read = await rows(`{"externalId":"${'x'.repeat(MAX_ROW_BYTES)}"}\n{"externalId":"ok"}\n`, 'ndjson', 4096);
    expect(read.map((r) => [r.line, r.malformed === undefined])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('splits a JSON array into elements by position, strings with brackets and escapes included', async () => {
    const text = ' [ {"externalId":"a]\\"}","n":[1,{"x":2}]} , 5 ,{"externalId":"c"} ]\n';
    expect(await rows(text, 'json', 3)).toEqual([
      { line: 1, value: { externalId: 'a]"}', n: [1, { x: 2 }] } },
      { line: 2, value: 5 },
      { line: 3, value: { externalId: 'c' } },
    ]);
    expect(await rows('[]', 'json')).toEqual([]);
  });

  it('refuses a broken JSON array as a whole', async () => {
    await expect(rows('{"externalId":"a"}', 'json')).rejects.toThrow(/must be an array/);
    await expect(rows('[{"a":1} {"b":2}]', 'json')).rejects.toThrow(/Expected , or \]/);
    await expect(rows('[{"a":1},', 'json')).rejects.toThrow(/not closed/);
    await expect(rows('[{"a":1}] x', 'json')).rejects.toThrow(/Nothing may follow/);
  });

  it('reads CSV with a header, quoted cells and empty cells as absent; refuses unknown columns', async () => {
    const read = await rows('externalId,name,siteLat\r\na,"张,三",25.1\nb,,\n', 'csv');
    expect(read).toEqual([
      { line: 2, value: { externalId: 'a', name: '张,三', siteLat: '25.1' } },
      { line: 3, value: { externalId: 'b' } },
    ]);
    await expect(rows('externalId,salary\n1,2\n', 'csv')).rejects.toThrow(/Unknown CSV column/);
    expect((await rows('externalId,name\na,b,c\n', 'csv'))[0].malformed).toMatch(/3 cells/);
  });
});
