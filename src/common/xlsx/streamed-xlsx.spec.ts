import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { attachment, keysetBatches, streamSheet } from './streamed-xlsx.js';

const BATCHES = 40;
const BATCH_ROWS = 500;
const TOTAL = BATCHES * BATCH_ROWS;

/** Rows that compress about as badly as real ones (a hash per row), counting how many were handed over. */
function counted(): { batches: AsyncGenerator<unknown[][]>; produced: () => number } {
  let produced = 0;
  async function* batches(): AsyncGenerator<unknown[][]> {
    for (let b = 0; b < BATCHES; b++) {
      const rows = Array.from({ length: BATCH_ROWS }, (_, i) => {
        const n = b * BATCH_ROWS + i + 1;
        return [n, createHash('sha256').update(String(n)).digest('hex'), '宁远县舜陵街道'];
      });
      produced += rows.length;
      yield rows;
    }
  }
  return { batches: batches(), produced: () => produced };
}

/** Waits until `value()` has not changed for `quietMs` (or 30 s pass), and returns it. */
async function settled(value: () => number, quietMs = 600): Promise<number> {
  let last = value();
  let quietSince = Date.now();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    await sleep(50);
    const now = value();
    if (now !== last) [last, quietSince] = [now, Date.now()];
    else if (Date.now() - quietSince >= quietMs) break;
  }
  return last;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('the streamed .xlsx writer', () => {
  it('stops taking rows while nobody reads the file (back-pressure), then writes every row once it is read', async () => {
    const source = counted();
    const failures: Error[] = [];
    const stream = streamSheet({ name: '表', title: '标题', columns: [{ header: '序号' }, { header: '摘要' }, { header: '地址' }] }, source.batches, (e) =>
      failures.push(e),
    );

    const heldAt = await settled(source.produced);
    expect(heldAt).toBeGreaterThan(0);
    // About 256 KB of sheet XML (≈ 2,000 of these rows) and the batch in hand wait; never the whole sheet.
    expect(heldAt).toBeLessThan(TOTAL / 2);

    const file = await collect(stream);
    expect(source.produced()).toBe(TOTAL);
    expect(failures).toEqual([]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('表');
    expect(sheet.getRow(1).getCell(1).value).toBe('标题');
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['序号', '摘要', '地址']);
    expect(sheet.rowCount).toBe(TOTAL + 2);
    expect(sheet.getRow(TOTAL + 2).getCell(1).value).toBe(TOTAL);
  }, 120_000);

  it('breaks the download when reading fails mid-way, and reports the failure', async () => {
    async function* failing(): AsyncGenerator<unknown[][]> {
      yield [[1, 'a']];
      throw new Error('the database went away');
    }
    const failures: Error[] = [];
    const stream = streamSheet({ name: 'x', title: 'x', columns: [{ header: 'a' }, { header: 'b' }] }, failing(), (e) => failures.push(e));
    await expect(collect(stream)).rejects.toThrow('the database went away');
    expect(failures.map((e) => e.message)).toEqual(['the database went away']);
  });

  it('reads keyset batches until a short one', async () => {
    const afters: (number | null)[] = [];
    const rows = Array.from({ length: 25 }, (_, i) => i + 1);
    const batches: number[][] = [];
    for await (const batch of keysetBatches<number>(async (after) => {
      afters.push(after);
      const start = after === null ? 0 : rows.indexOf(after) + 1;
      return rows.slice(start, start + 10);
    }, 10))
      batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(afters).toEqual([null, 10, 20]);
  });

  it('names a download in ASCII and in Chinese', () => {
    expect(attachment('ledger-431126.xlsx', '五个清台账-431126.xlsx')).toBe(
      `attachment; filename="ledger-431126.xlsx"; filename*=UTF-8''${encodeURIComponent('五个清台账-431126.xlsx')}`,
    );
  });
});
