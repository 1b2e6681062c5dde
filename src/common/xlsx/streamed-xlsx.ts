// The one streamed-.xlsx writer every export uses (dashboard exports, the five-clear ledger).
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';

/** Uncompressed sheet XML allowed to wait for the zip writer before rows stop being added. */
const MAX_PENDING_BYTES = 256 * 1024;

/**
 * Sheet XML written but not yet taken by the zip writer. exceljs's sheet stream never reports
 * backpressure: it hands every chunk on at once (to archiver's input, `pipes`) or keeps it
 * (`buffers`, 64 KB each) until archiver starts reading it, so without this check a fast producer
 * would hold the whole uncompressed sheet in memory. Reads exceljs 4 internals, in this one place.
 * archiver's input is a readable-stream 2 PassThrough, which has no `writableLength`: its queue is
 * `_writableState.length`.
 */
function pendingBytes(sheet: ExcelJS.Worksheet): number {
  type Pipe = { writableLength?: number; _writableState?: { length?: number } };
  const stream = (sheet as unknown as { _stream?: { pipes?: Pipe[]; buffers?: unknown[] } })._stream;
  if (!stream) return 0;
  const piped = (stream.pipes ?? []).reduce((most, pipe) => Math.max(most, pipe.writableLength ?? pipe._writableState?.length ?? 0), 0);
  return piped + (stream.buffers?.length ?? 0) * 65_536;
}

/** One sheet of an export: its name, a title line and the Chinese column headers. */
export interface SheetSpec {
  name: string;
  title: string;
  columns: { header: string; width?: number }[];
}

/**
 * Streams one .xlsx sheet (title in row 1, headers in row 2, data from row 3) while `batches` are
 * read: exceljs's streaming WorkbookWriter commits each row as it goes, and the producer waits
 * whenever the zip writer or the HTTP response has not taken what was written (backpressure), so
 * memory stays flat however many rows there are. A failure mid-way destroys the stream (the client sees a broken
 * download, never a truncated file that looks whole).
 */
export function streamSheet(spec: SheetSpec, batches: AsyncIterable<unknown[][]>, onError: (error: Error) => void): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(spec.name);
  sheet.columns = spec.columns.map((c, i) => ({ key: String(i), width: c.width ?? Math.max(10, c.header.length * 2 + 4) }));
  const title = sheet.addRow([spec.title]);
  title.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, spec.columns.length);
  title.commit();
  const head = sheet.addRow(spec.columns.map((c) => c.header));
  head.font = { bold: true };
  head.commit();

  void (async () => {
    for await (const batch of batches) {
      if (output.destroyed) return;
      for (const row of batch) sheet.addRow(row).commit();
      // Wait while the zip writer is behind (compression runs in the thread pool) or the client is.
      while (!output.destroyed && pendingBytes(sheet) > MAX_PENDING_BYTES) await sleep(2);
      if (output.writableNeedDrain) await Promise.race([once(output, 'drain'), once(output, 'close')]);
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => {
    const failure = error instanceof Error ? error : new Error(String(error));
    onError(failure);
    output.destroy(failure);
  });
  return output;
}

/**
 * Reads a query in keyset batches: `fetch(after)` returns the rows after the last row of the
 * previous batch (null for the first), at most `size`; iteration stops at a short batch.
 */
export async function* keysetBatches<R>(fetch: (after: R | null) => Promise<R[]>, size: number): AsyncGenerator<R[]> {
  let after: R | null = null;
  for (;;) {
    const rows = await fetch(after);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1];
  }
}

/** `Content-Disposition` for a download: an ASCII fallback name and the Chinese one (RFC 6266 / 5987). */
export function attachment(asciiName: string, chineseName: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(chineseName)}`;
}
