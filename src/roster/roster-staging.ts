// Turning parsed rows into staged rows: validation, the row hash, and (only for new or changed
// riders) encryption and blind indexes. Output is PostgreSQL COPY text for the sync's staging table.
import { maskIdNumber, maskName, maskPhone } from '../common/personal-data/personal-data-format.js';
import type { BlindIndexKind, PersonalDataService } from '../common/personal-data/personal-data.service.js';
import type { BodyRow } from './roster-body.js';
import { RosterRejectionCode, rosterRowHashInput, validateRosterRecord, type RosterRejection, type RosterRider } from './roster-record.js';
import type { RosterSyncMode } from './roster-sync.entity.js';

/** Where a region code leads: the region, its township (if any) and its county. */
export interface RegionRef {
  id: string;
  townshipId: string | null;
  countyCode: string;
}

/**
 * A set of 64-bit keys in two typed arrays with open addressing: a million keys take 16 MB and a
 * lookup costs a few array reads. Holds the first 16 hex digits of the roster's row hashes (to skip
 * riders whose row hash the roster already holds; a false hit is caught when the sync is applied)
 * and keys of the externalIds a sync sent (to see that none repeats).
 */
export class RowHashSet {
  private high: Uint32Array;
  private low: Uint32Array;
  private mask: number;
  size = 0;

  constructor(expected = 0) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.high = new Uint32Array(capacity);
    this.low = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Adds the key of a 64-hex-digit hash. */
  add(hash: string): void {
    this.addKey(...keyOf(hash));
  }

  /** Adds a 64-bit key given as two 32-bit halves; false if it was already there. */
  addKey(high: number, low: number): boolean {
    if ((this.size + 1) * 2 > this.high.length) this.grow();
    return this.insert(high, storedLow(high, low));
  }

  /** Whether the key of this hash is in the set. */
  has(hash: string): boolean {
    const [high, rawLow] = keyOf(hash);
    const low = storedLow(high, rawLow);
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      if (this.high[slot] === 0 && this.low[slot] === 0) return false;
      if (this.high[slot] === high && this.low[slot] === low) return true;
    }
  }

  private insert(high: number, low: number): boolean {
    for (let slot = low & this.mask; ; slot = (slot + 1) & this.mask) {
      if (this.high[slot] === 0 && this.low[slot] === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        this.size++;
        return true;
      }
      if (this.high[slot] === high && this.low[slot] === low) return false;
    }
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    this.mask = this.high.length - 1;
    this.size = 0;
    for (let i = 0; i < high.length; i++) if (high[i] !== 0 || low[i] !== 0) this.insert(high[i], low[i]);
  }
}

// (0, 0) marks an empty slot, so a key that is all zeros is stored as (0, 1): a harmless collision.
function storedLow(high: number, low: number): number {
  return high === 0 && low === 0 ? 1 : low;
}

// The first 64 bits of a hex hash as two 32-bit halves.
function keyOf(hash: string): [number, number] {
  return [parseInt(hash.slice(0, 8), 16) >>> 0, parseInt(hash.slice(8, 16), 16) >>> 0];
}

// Two 32-bit FNV-1a-style hashes of a string (different primes): a 64-bit key for RowHashSet.
function textKey(text: string): [number, number] {
  let high = 0x811c9dc5;
  let low = 0x050c5d1f ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    high = Math.imul(high ^ c, 0x01000193);
    low = Math.imul(low ^ c, 0x5bd1e995);
  }
  return [high >>> 0, (low ^ (low >>> 15)) >>> 0];
}

/** The staging table of one sync (schema `roster_staging`, created by the Roster migration). */
export function stagingTable(syncId: string): string {
  if (!/^[0-9a-f-]{36}$/.test(syncId)) throw new Error(`Not a sync id: ${syncId}`);
  return `roster_staging.s_${syncId.replace(/-/g, '')}`;
}

/**
 * Status of a staged row: N new or changed (carries everything, encrypted), U unchanged when staged
 * (carries only its hash), D a delta deactivation, R rejected.
 */
export const STAGING_COLUMNS = [
  'line',
  'status',
  'external_id',
  'row_hash',
  'party_member',
  'field',
  'reason_code',
  'reason',
  'name_cipher',
  'name_masked',
  'phone_cipher',
  'phone_index',
  'phone_masked',
  'id_cipher',
  'id_index',
  'id_masked',
  'gender',
  'site_name',
  'site_lat',
  'site_lng',
  'region_id',
  'township_id',
  'county_code',
  'problems',
] as const;

/** DDL of a sync's staging table: unlogged (it is scratch space; the sync fails cleanly if a crash empties it). */
export function createStagingTableSql(table: string): string {
  return `CREATE UNLOGGED TABLE ${table} (
    line integer NOT NULL, status char(1) NOT NULL, external_id text, row_hash char(64), party_member boolean,
    field text, reason_code text, reason text,
    name_cipher text, name_masked text, phone_cipher text, phone_index char(64), phone_masked text,
    id_cipher text, id_index char(64), id_masked text,
    gender text, site_name text, site_lat double precision, site_lng double precision,
    region_id uuid, township_id uuid, county_code text, problems text
  ) WITH (autovacuum_enabled = false)`;
}

const NULL = '\\N';

// COPY text format: backslash, tab and line breaks must be escaped in values.
function text(value: string | null | undefined): string {
  if (value === null || value === undefined) return NULL;
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

// The COPY lines (without their line breaks) as UTF-8, written one by one into a buffer. Joining
// them into one string first cost five times as much: the joined string holds Chinese text (two
// bytes a character) and had to be flattened and encoded whole.
function copyBytes(lines: string[]): Buffer {
  let length = 0;
  for (const line of lines) length += line.length + 1;
  // UTF-8 takes at most three bytes per UTF-16 unit.
  const bytes = Buffer.allocUnsafe(length * 3);
  let at = 0;
  for (const line of lines) {
    at += bytes.write(line, at);
    bytes[at++] = 0x0a;
  }
  return bytes.subarray(0, at);
}

/** Counts of what was staged. */
export interface StagedCounts {
  received: number;
  changed: number;
  unchanged: number;
  deactivations: number;
  rejected: number;
}

/**
 * Validates parsed rows and renders them as COPY lines. A rider whose row hash the roster already
 * holds (`known`) is staged as its hash alone: no encryption, no blind indexes, and later no write.
 */
export class RosterStager {
  readonly counts: StagedCounts = { received: 0, changed: 0, unchanged: 0, deactivations: 0, rejected: 0 };
  // Keys of the externalIds of the rows not rejected: while no key repeats, no externalId does.
  private readonly externalIds = new RowHashSet();
  private externalIdRepeated = false;

  constructor(
    private readonly personalData: PersonalDataService,
    private readonly mode: RosterSyncMode,
    private readonly regions: ReadonlyMap<string, RegionRef>,
    private readonly known: RowHashSet,
    private readonly today: Date = new Date(),
  ) {}

  /**
   * True while every row not rejected had an externalId no other row had: then the sync needs no
   * search for duplicates. A repeated key (a duplicate, or a one-in-2^64 collision) makes it false.
   */
  get externalIdsDistinct(): boolean {
    return !this.externalIdRepeated;
  }

  // Keyed as it will be stored: a lone surrogate becomes U+FFFD in UTF-8, so "a\ud800" and
  // "a\ud801" are one externalId to the database and must be one here.
  private sawExternalId(externalId: string): void {
    const stored = (externalId as string & { toWellFormed(): string }).toWellFormed();
    if (!this.externalIds.addKey(...textKey(stored))) this.externalIdRepeated = true;
  }

  /**
   * COPY text for a batch of rows. Validation happens at once (`counts.received` is up to date when
   * this returns); the row hashes, and the encryption and blind indexes of new or changed riders,
   * run in the personal-data worker threads, so the caller may prepare the next batch meanwhile.
   */
  stage(rows: BodyRow[]): Promise<Buffer> {
    const out: string[] = [];
    // Riders to upsert: their slot in `out`; their row-hash inputs in the same order.
    const upserts: { slot: number; line: number; rider: RosterRider }[] = [];
    const hashInputs: string[] = [];
    const isKnownRegion = (code: string) => this.regions.has(code);
    for (const row of rows) {
      this.counts.received++;
      if (row.malformed !== undefined) {
        const problem = { code: RosterRejectionCode.MALFORMED_ROW, field: null, reason: row.malformed };
        out.push(this.rejected(row.line, { ...problem, externalId: null, problems: [problem] }));
        continue;
      }
      const result = validateRosterRecord(row.value, this.mode, isKnownRegion, this.today);
      if (result.kind === 'reject') {
        out.push(this.rejected(row.line, result.rejection));
      } else if (result.kind === 'deactivate') {
        this.counts.deactivations++;
        this.sawExternalId(result.externalId);
        out.push(`${row.line}\tD\t${text(result.externalId)}${'\t\\N'.repeat(STAGING_COLUMNS.length - 3)}`);
      } else {
        this.sawExternalId(result.rider.externalId);
        upserts.push({ slot: out.length, line: row.line, rider: result.rider });
        hashInputs.push(rosterRowHashInput(result.rider));
        out.push('');
      }
    }
    if (upserts.length === 0) return Promise.resolve(copyBytes(out));
    const digests = { kind: 'roster_row' as const, values: hashInputs };
    // With no row hash known (a platform's first sync) no rider can be unchanged: every one is
    // protected, and hashed, in one trip to the worker threads.
    if (this.known.size === 0) return this.protect(out, upserts, digests);
    // Otherwise the hashes come first (a daily sync's riders are nearly all unchanged, and hashing
    // them here took a sixth of the main thread), then only the new or changed riders are protected.
    return this.personalData.protectMany({ values: [], kinds: [], digests }).then(({ digests: rowHashes }) => {
      const changed: { slot: number; line: number; rider: RosterRider; rowHash: string }[] = [];
      for (let r = 0; r < upserts.length; r++) {
        const { slot, rider } = upserts[r];
        if (this.known.has(rowHashes[r])) {
          this.counts.unchanged++;
          out[slot] = `${upserts[r].line}\tU\t${text(rider.externalId)}\t${rowHashes[r]}${'\t\\N'.repeat(STAGING_COLUMNS.length - 4)}`;
        } else {
          changed.push({ ...upserts[r], rowHash: rowHashes[r] });
        }
      }
      return this.protect(out, changed);
    });
  }

  // Encrypts and blind-indexes the riders to write (hashing them too when `digests` is given, else
  // each carries its rowHash) and renders their COPY lines into their slots of `out`.
  private async protect(
    out: string[],
    riders: { slot: number; line: number; rider: RosterRider; rowHash?: string }[],
    digests?: { kind: 'roster_row'; values: string[] },
  ): Promise<Buffer> {
    this.counts.changed += riders.length;
    if (riders.length === 0) return copyBytes(out);
    const values: string[] = [];
    const kinds: (BlindIndexKind | null)[] = [];
    const starts: number[] = [];
    for (const { rider } of riders) {
      starts.push(values.length);
      values.push(rider.name, rider.phone);
      kinds.push(null, 'phone');
      if (rider.idNumber) {
        values.push(rider.idNumber);
        kinds.push('id_number');
      }
    }
    const { ciphertexts, indexes, digests: rowHashes } = await this.personalData.protectMany({ values, kinds, digests });
    for (let r = 0; r < riders.length; r++) {
      const { slot, line, rider } = riders[r];
      const at = starts[r];
      const region = this.regions.get(rider.regionCode)!;
      const id = rider.idNumber;
      out[slot] = [
        line,
        'N',
        text(rider.externalId),
        digests ? rowHashes[r] : riders[r].rowHash!,
        rider.partyMember ? 't' : 'f',
        NULL,
        NULL,
        NULL,
        ciphertexts[at],
        text(maskName(rider.name)),
        ciphertexts[at + 1],
        indexes[at + 1],
        maskPhone(rider.phone),
        id ? ciphertexts[at + 2] : NULL,
        id ? indexes[at + 2] : NULL,
        id ? maskIdNumber(id) : NULL,
        rider.gender ?? NULL,
        text(rider.siteName),
        rider.siteLat,
        rider.siteLng,
        region.id,
        region.townshipId ?? NULL,
        region.countyCode,
        NULL,
      ].join('\t');
    }
    return copyBytes(out);
  }

  private rejected(line: number, rejection: RosterRejection): string {
    this.counts.rejected++;
    return [
      line,
      'R',
      text(rejection.externalId),
      NULL,
      NULL,
      text(rejection.field),
      rejection.code,
      text(rejection.reason),
      ...new Array<string>(STAGING_COLUMNS.length - 9).fill(NULL),
      // Every problem of the row (JSON), for the change list; the columns before it hold the first.
      text(JSON.stringify(rejection.problems.map(({ code, field, reason }) => ({ code, field, reason })))),
    ].join('\t');
  }
}
