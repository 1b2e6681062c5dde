import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { finished, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource, Not, QueryFailedError, Repository, type QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import type { Actor } from '../access/actor.js';
import { DomainError, ErrorCode } from '../common/errors/domain-error.js';
import { ROSTER_MAX_ROWS } from './roster-record.js';
import { INT32 } from '../common/errors/validation.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, MAX_PAGE_SIZE } from '../common/pagination/keyset.js';
import { toCursorPage, type CursorPageShape, type CursorQuery } from '../common/pagination/cursor-page.js';
import type { KeysetOrder } from '../common/pagination/keyset.js';
import type { StreamedBody } from '../common/http/streamed-body.js';
import { PersonalDataService } from '../common/personal-data/personal-data.service.js';
import { Enterprise } from '../organizing/enterprises/enterprise.entity.js';
import { RosterApplier } from './roster-applier.js';
import { readRosterBody, rosterBodyFormat, type RosterBodyFormat } from './roster-body.js';
import { RosterJobs } from './roster-jobs.service.js';
import { RosterRider } from './roster-rider.entity.js';
import { RosterSyncOwner, RosterSyncRole, tryLeaseForTransaction } from './roster-sync-lease.js';
import { createStagingTableSql, RosterStager, RowHashSet, STAGING_COLUMNS, stagingTable, type RegionRef } from './roster-staging.js';
import { RosterChangeKind, RosterSyncChange } from './roster-sync-change.entity.js';
import { RosterSync, RosterSyncMode, RosterSyncStatus } from './roster-sync.entity.js';
import { activeRowHashesCopySql, LAST_SNAPSHOT_RECEIVED_SQL, REGION_CODES_SQL, RIDER_REGIONS_SQL } from './roster-sync.sql.js';
import { OutboxService } from './roster-outbox.js';

/** What a platform asks for with an upload (query parameters and headers). */
export interface RosterSyncRequest {
  mode: RosterSyncMode;
  dryRun: boolean;
  allowMassDeactivation: boolean;
  consentRef?: string;
  idempotencyKey?: string;
}

/** What staging tells the applier about an upload. */
type Staged = Pick<RosterSync, 'bodyHash' | 'received' | 'externalIdsDistinct'>;

// Batches (of 500 rows) being encrypted while the next is parsed.
const STAGE_AHEAD = 4;

// A body that arrives slowly still has its rows committed this often, so an apply under way sees them.
const STAGE_COMMIT_MS = 5000;

// The staging columns the applier's plans depend on (joins and filters).
const STAGING_ANALYZED = ['line', 'status', 'external_id', 'party_member', 'phone_index', 'id_index'] as const;

/** How many rejected rows `GET /roster/syncs/{id}` shows inline; the change list has them all. */
export const REJECTED_ROWS_SHOWN = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const newestFirst: KeysetOrder<RosterSync> = { column: 'sync.created_at', idColumn: 'sync.id', direction: 'DESC', read: (s) => [s.createdAt, s.id] };
const byExternalId: KeysetOrder<RosterRider> = {
  column: 'rider.external_id',
  idColumn: 'rider.id',
  direction: 'ASC',
  sortType: 'text',
  read: (r) => [r.externalId, r.id],
};

/**
 * 平台名单同步 Platform roster sync: receives an upload as a stream (validated row by row, loaded
 * with COPY into the sync's staging table, never held whole), queues it for the applier, and
 * shows a platform its own syncs, change lists and roster.
 */
@Injectable()
export class RosterSyncService {
  private readonly logger = new Logger('RosterSync');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(RosterSync) private readonly syncs: Repository<RosterSync>,
    @InjectRepository(RosterSyncChange) private readonly changes: Repository<RosterSyncChange>,
    @InjectRepository(RosterRider) private readonly riders: Repository<RosterRider>,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditService,
    private readonly applier: RosterApplier,
    private readonly jobs: RosterJobs,
    private readonly config: AppConfig,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Receives a roster upload: checks the options, streams the body (gzip allowed) through the
   * row rules into the staging table, and queues it. With an Idempotency-Key already used, the
   * same body returns the first sync and another body is refused (UNPROCESSABLE).
   */
  async submit(actor: Actor, request: RosterSyncRequest, body: StreamedBody): Promise<RosterSync> {
    const enterpriseId = platformOf(actor);
    const format = rosterBodyFormat(body.mediaType);
    const consentRef = request.consentRef?.trim();
    if (!consentRef) {
      throw DomainError.badField('consentRef', 'A consent reference is required (X-Consent-Ref header or consentRef parameter), PIPL art. 23');
    }
    if (consentRef.length > 200) throw DomainError.badField('consentRef', 'must be at most 200 characters');
    const idempotencyKey = request.idempotencyKey?.trim() || null;
    if (idempotencyKey && (idempotencyKey.length > 200 || !/^[\x21-\x7e]+$/.test(idempotencyKey))) {
      throw DomainError.badField('Idempotency-Key', 'must be 1 to 200 visible ASCII characters');
    }
    const source = decoded(body);
    const enterprise = await this.dataSource.getRepository(Enterprise).findOneBy({ id: enterpriseId });
    if (!enterprise) throw DomainError.notFound('Platform', enterpriseId);

    if (idempotencyKey) {
      const earlier = await this.findByKey(enterpriseId, idempotencyKey);
      if (earlier) return this.replay(earlier, source);
    }
    // The upload owns the sync from its first moment: its lease is taken before the row can be seen.
    const owner = await RosterSyncOwner.open(this.dataSource);
    try {
      let sync: RosterSync;
      try {
        sync = await owner.manager.transaction(async (manager) => {
          const created = await manager.getRepository(RosterSync).save(
            manager.getRepository(RosterSync).create({
              enterpriseId,
              apiKeyId: actor.id,
              countyCode: enterprise.countyCode,
              mode: request.mode,
              dryRun: request.dryRun,
              allowMassDeactivation: request.allowMassDeactivation,
              status: RosterSyncStatus.RECEIVING,
              consentRef,
              idempotencyKey,
              format,
            }),
          );
          await owner.take(RosterSyncRole.UPLOAD, created.id);
          return created;
        });
      } catch (error) {
        // Another request with this key got in first.
        if (idempotencyKey && error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
          const earlier = await this.findByKey(enterpriseId, idempotencyKey);
          if (earlier) return await this.replay(earlier, source);
        }
        throw error;
      }
      return await this.receive(actor, owner, sync, body, source, format, consentRef);
    } finally {
      await owner.close();
    }
  }

  // The body of a sync this upload owns: staged, then queued for the applier or handed to the one
  // applying it already.
  private async receive(
    actor: Actor,
    owner: RosterSyncOwner,
    sync: RosterSync,
    body: StreamedBody,
    source: Readable,
    format: RosterBodyFormat,
    consentRef: string,
  ): Promise<RosterSync> {
    // A big body is applied while it arrives: the apply job starts once enough rows are staged.
    // Until then (and for small bodies) it is queued at the end. If that apply fails meanwhile, the
    // rest of the body is read to its end and dropped, and the answer is the FAILED sync.
    let applying = false;
    const onCommitted = async (rows: number): Promise<boolean> => {
      void this.outbox.announceRosterProgress({ syncId: sync.id, platformId: sync.enterpriseId, status: 'RECEIVING', received: rows, applied: 0 });
      if (applying) return (await this.syncs.findOneBy({ id: sync.id }))?.status === RosterSyncStatus.RECEIVING;
      if (rows >= this.config.ROSTER_APPLY_WHILE_RECEIVING_ROWS) {
        await this.dataSource.transaction((manager) => this.jobs.enqueueApply(sync.id, manager));
        applying = true;
        this.jobs.wake();
      }
      return true;
    };
    let staged: Staged;
    try {
      staged = await this.stage(owner.runner, sync, format, source, onCommitted);
    } catch (error) {
      // Nothing of a refused upload is kept. An apply already under way sees FAILED first, stops
      // and lets go of the staging table. The rest of the body is read and dropped, so that the
      // client, which may send all of it before it reads an answer, gets this one.
      discardRest(body, source);
      try {
        if (applying) await this.syncs.update({ id: sync.id, status: RosterSyncStatus.RECEIVING }, { status: RosterSyncStatus.FAILED });
        await this.applier.dropStaging(sync.id);
        await this.syncs.delete(sync.id);
      } catch (cleanup) {
        // Once this upload has let go of it, the sweeper fails the sync as INTERRUPTED and drops its rows.
        this.logger.warn(`Could not remove the refused roster sync ${sync.id}: ${(cleanup as Error).message}`);
      }
      throw this.uploadError(sync.id, error);
    }
    // The upload is in: queued for the applier, or handed to the apply under way (it holds the
    // sync's apply lease; if nothing does, that apply's job has not started or has died, and the
    // sync is queued again). A sync whose apply failed while it arrived stays FAILED, with the
    // reason, and its staging goes.
    const { affected, handedOver } = await owner.manager.transaction(async (manager) => {
      const handedOver = applying && !(await tryLeaseForTransaction(manager, RosterSyncRole.APPLY, sync.id));
      const result = await manager
        .getRepository(RosterSync)
        .update({ id: sync.id, status: RosterSyncStatus.RECEIVING }, { status: handedOver ? RosterSyncStatus.PROCESSING : RosterSyncStatus.QUEUED, ...staged });
      if (result.affected && !handedOver) await this.jobs.enqueueApply(sync.id, manager);
      return { affected: result.affected, handedOver };
    });
    if (!affected) await this.applier.dropStaging(sync.id);
    else if (!handedOver) this.jobs.wake();
    await this.audit.record({
      action: 'roster.sync.submit',
      actor,
      entityType: 'RosterSync',
      entityId: sync.id,
      changes: { mode: sync.mode, dryRun: sync.dryRun, allowMassDeactivation: sync.allowMassDeactivation, format, received: staged.received, consentRef },
      countyCode: sync.countyCode,
    });
    return this.syncs.findOneByOrFail({ id: sync.id });
  }

  // What the client is told when its rows could not be staged. A failure of the database (its
  // connection cut, say) is a 503 the client may retry; a broken gzip stream is the client's fault.
  private uploadError(syncId: string, error: unknown): unknown {
    if (error instanceof DomainError) return error;
    const code = (error as { code?: unknown })?.code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      return new DomainError(ErrorCode.MALFORMED_REQUEST, 'The body is not valid gzip', { fields: [{ field: 'body', message: 'is not valid gzip' }] });
    }
    if (error instanceof QueryFailedError || error instanceof pg.DatabaseError || /Connection terminated/i.test((error as Error)?.message ?? '')) {
      this.logger.error(`Roster sync ${syncId}: its rows could not be staged: ${(error as Error).message}`);
      return new DomainError(
        ErrorCode.SERVICE_UNAVAILABLE,
        'The rows of this sync could not be stored (the database failed while they arrived); nothing was kept. Send the sync again',
      );
    }
    return error;
  }

  private findByKey(enterpriseId: string, idempotencyKey: string): Promise<RosterSync | null> {
    return this.syncs.findOneBy({ enterpriseId, idempotencyKey, status: Not(RosterSyncStatus.FAILED) });
  }

  // Same key: the same body gets the first sync back (nothing applied twice); another body is refused.
  private async replay(earlier: RosterSync, source: Readable): Promise<RosterSync> {
    const hash = createHash('sha256');
    for await (const chunk of source) hash.update(chunk as Buffer);
    const current = await this.syncs.findOneByOrFail({ id: earlier.id });
    if (current.bodyHash === null) {
      throw DomainError.conflict('A sync with this Idempotency-Key is still being received; ask for it again shortly', { syncId: current.id });
    }
    if (current.bodyHash !== hash.digest('hex')) {
      throw new DomainError(ErrorCode.UNPROCESSABLE, 'This Idempotency-Key was used with a different body; use a new key for a new sync', {
        syncId: current.id,
        fields: [{ field: 'Idempotency-Key', message: 'was used with a different body' }],
      });
    }
    return current;
  }

  // Body → rows → validated, hashed (and for new or changed riders encrypted) → COPY into staging.
  // The rows are committed in COPY statements of ROSTER_STAGE_COMMIT_ROWS each, so an apply that
  // runs while the body arrives sees them; `onCommitted` hears how many rows are staged after each,
  // and answers false to have the rest of the body read (for its hash) and dropped.
  private async stage(
    runner: QueryRunner,
    sync: RosterSync,
    format: RosterBodyFormat,
    source: Readable,
    onCommitted: (rows: number) => Promise<boolean>,
  ): Promise<Staged> {
    const client = (runner as unknown as { databaseConnection: pg.PoolClient }).databaseConnection;
    const table = stagingTable(sync.id);
    const [regions, known] = await Promise.all([this.regionRefs(), this.knownRowHashes(sync.enterpriseId)]);
    await runner.query(createStagingTableSql(table));
    // Chunks of lines are read by line while the body is applied as it arrives.
    await runner.query(`CREATE INDEX ON ${table} (line)`);
    const stager = new RosterStager(this.personalData, sync.mode, regions, known);
    const hash = createHash('sha256');
    const outcome = (): Staged => ({ bodyHash: hash.digest('hex'), received: stager.counts.received, externalIdsDistinct: stager.externalIdsDistinct });
    let discard = false;
    // Read without destroying the body when reading stops early (a refused row, a failed COPY), so
    // the client's connection lives on to hear why.
    async function* hashed(chunks: Readable): AsyncGenerator<Buffer> {
      for await (const chunk of chunks.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
        hash.update(chunk);
        if (!discard) yield chunk;
      }
    }
    // A few batches in flight: the main thread parses and validates the next ones while worker
    // threads encrypt the earlier ones; COPY still gets them in order.
    const lines = (async function* () {
      const inFlight: Promise<Buffer>[] = [];
      for await (const batch of readRosterBody(hashed(source), format)) {
        const staged = stager.stage(batch);
        staged.catch(() => undefined);
        if (stager.counts.received > ROSTER_MAX_ROWS) {
          throw new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `A sync may carry at most ${ROSTER_MAX_ROWS} rows; split the roster into delta syncs`, {
            fields: [{ field: 'body', message: `more than ${ROSTER_MAX_ROWS} rows` }],
          });
        } // awaited below, in order; this only marks it handled meanwhile
        inFlight.push(staged);
        if (inFlight.length >= STAGE_AHEAD) yield await inFlight.shift()!;
      }
      while (inFlight.length > 0) yield await inFlight.shift()!;
    })()[Symbol.asyncIterator]();
    const copySql = `COPY ${table} (${STAGING_COLUMNS.join(', ')}) FROM STDIN`;
    const commitRows = this.config.ROSTER_STAGE_COMMIT_ROWS;
    let committed = 0;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const first = next.value;
      let ended = false;
      const started = Date.now();
      // Committed every commitRows rows, and at least every few seconds when a client sends slowly.
      const chunk = async function* () {
        yield first;
        while (stager.counts.received - committed < commitRows && Date.now() - started < STAGE_COMMIT_MS) {
          const more = await lines.next();
          if (more.done) {
            ended = true;
            return;
          }
          yield more.value;
        }
      };
      await pipeline(chunk(), client.query(copyFrom(copySql)));
      committed = stager.counts.received;
      if (ended) break;
      if (!(await onCommitted(committed))) {
        // The rest is read for its hash and dropped: the parser then sees the body end early (an
        // unclosed JSON array, say), which is no error here.
        discard = true;
        try {
          while (!(await lines.next()).done);
        } catch {
          // the body was cut short on purpose
        }
        return outcome();
      }
    }
    // Statistics only for the columns the applier joins and filters on (sampling the ciphertext
    // columns as well cost about a second of a first sync and served no plan), from a 3,000-row
    // sample (see RosterApplier): 0.03 s instead of 0.3 s for 200,000 rows.
    await runner.query('SET default_statistics_target = 10');
    try {
      await runner.query(`ANALYZE ${table} (${STAGING_ANALYZED.join(', ')})`);
    } finally {
      await runner.query('RESET default_statistics_target');
    }
    return outcome();
  }

  // Every region a rider may name (county level and below), by code.
  private async regionRefs(): Promise<Map<string, RegionRef>> {
    const rows = await this.dataSource.query<{ code: string; id: string; level: string; county_code: string; parent_id: string | null }[]>(RIDER_REGIONS_SQL);
    return new Map(
      rows.map((r) => [
        r.code,
        { id: r.id, countyCode: r.county_code, townshipId: r.level === 'TOWNSHIP' ? r.id : r.level === 'COMMUNITY' ? r.parent_id : null },
      ]),
    );
  }

  // The row hashes of the platform's active riders, streamed (COPY TO) into a compact set.
  private async knownRowHashes(enterpriseId: string): Promise<RowHashSet> {
    if (!UUID.test(enterpriseId)) throw new Error('Not a platform id');
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // A big roster's hashes take longer to stream than a request's statement may run.
      await runner.query('SET statement_timeout = 0');
      const client = (runner as unknown as { databaseConnection: pg.PoolClient }).databaseConnection;
      // Sized for the roster the platform's last sync left, so a big roster's set is not rebuilt
      // (and its old arrays left as garbage) while it fills; counting the active riders instead
      // cost 0.4 s of a 200,000-rider sync.
      const [last] = await runner.query(LAST_SNAPSHOT_RECEIVED_SQL, [enterpriseId]);
      const set = new RowHashSet(((last?.received as number | undefined) ?? 0) * 1.1);
      const out = client.query(copyTo(activeRowHashesCopySql(enterpriseId)));
      let rest = '';
      for await (const chunk of out as AsyncIterable<Buffer>) {
        const lines = (rest + chunk.toString('latin1')).split('\n');
        rest = lines.pop()!;
        for (const line of lines) if (line) set.add(line);
      }
      if (rest) set.add(rest);
      return set;
    } finally {
      await runner.query('RESET statement_timeout').catch(() => undefined);
      await runner.release();
    }
  }

  /** One of the platform's own syncs; another platform's is NOT_FOUND. */
  async get(actor: Actor, id: string): Promise<RosterSync> {
    const sync = await this.syncs.findOneBy({ id, enterpriseId: platformOf(actor) });
    if (!sync) throw DomainError.notFound('RosterSync', id);
    return sync;
  }

  /** The first rejected rows of a sync, with line numbers and reasons. */
  rejectedRows(syncId: string, limit = REJECTED_ROWS_SHOWN): Promise<RosterSyncChange[]> {
    return this.changes.find({ where: { syncId, kind: RosterChangeKind.REJECTED }, order: { seq: 'ASC' }, take: limit });
  }

  /** The platform's syncs, newest first. */
  history(actor: Actor, query: CursorQuery): Promise<CursorPageShape<RosterSync>> {
    const list = this.syncs.createQueryBuilder('sync').where('sync.enterprise_id = :platform', { platform: platformOf(actor) });
    return toCursorPage(list, newestFirst, query);
  }

  /** A page of a sync's change list (one kind, or all kinds in kind order), in line order. */
  async changeList(actor: Actor, syncId: string, kind: RosterChangeKind | undefined, query: CursorQuery): Promise<CursorPageShape<RosterSyncChange>> {
    await this.get(actor, syncId);
    const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const list = this.changes.createQueryBuilder('change').where('change.sync_id = :syncId', { syncId });
    if (kind) list.andWhere('change.kind = :kind', { kind });
    if (query.cursor) {
      const [seq, afterKind] = decodeCursor(query.cursor, 'cursor');
      if (
        !Number.isInteger(seq) ||
        (seq as number) < INT32.min ||
        (seq as number) > INT32.max ||
        !(Object.values(RosterChangeKind) as string[]).includes(afterKind)
      ) {
        throw DomainError.badField('cursor', 'is not a cursor returned by this list');
      }
      list.andWhere('(change.kind, change.seq) > (:afterKind, :seq)', { afterKind, seq });
    }
    const rows = await list
      .orderBy('change.kind', 'ASC')
      .addOrderBy('change.seq', 'ASC')
      .limit(limit + 1)
      .getMany();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.seq, last.kind) : null };
  }

  /** The platform's riders (masked), by externalId; `active` false lists those who left. */
  async roster(actor: Actor, active: boolean, query: CursorQuery): Promise<{ page: CursorPageShape<RosterRider>; regionCodes: Map<string, string> }> {
    const list = this.riders
      .createQueryBuilder('rider')
      .where('rider.enterprise_id = :platform', { platform: platformOf(actor) })
      .andWhere('rider.active = :active', { active });
    const page = await toCursorPage(list, byExternalId, query);
    const regionIds = [...new Set(page.items.map((r) => r.regionId))];
    const codes = regionIds.length ? await this.dataSource.query<{ id: string; code: string }[]>(REGION_CODES_SQL, [regionIds]) : [];
    return { page, regionCodes: new Map(codes.map((r) => [r.id, r.code])) };
  }
}

/** The platform enterprise of a caller; only platform API keys sync rosters. */
export function platformOf(actor: Actor): string {
  if (actor.kind !== 'platform' || !actor.enterpriseId) throw DomainError.forbidden('Only a platform API key syncs a roster');
  return actor.enterpriseId;
}

// The body as bytes, gunzipped when the client says so; any other encoding is refused.
function decoded(body: StreamedBody): Readable {
  if (!body.stream || typeof body.stream.on !== 'function') throw DomainError.badInput('The request has no body');
  const encoding = (body.contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return body.stream;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new DomainError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Content-Encoding must be gzip or absent', { supported: ['gzip', 'identity'] });
  }
  const gunzip = createGunzip();
  // The client going away reaches the reader of `gunzip`; bad gzip leaves the client's stream
  // alone (pipeline() would destroy it, and the connection with it), to be read to its end and dropped.
  finished(body.stream, (error) => {
    if (error) gunzip.destroy(error);
  });
  // Its reader finds a failure (bad gzip) on the stream itself, also one from before it began reading.
  gunzip.on('error', () => undefined);
  body.stream.pipe(gunzip);
  return gunzip;
}

// Reads what is left of a refused body and drops it, so the connection stays up for the answer.
function discardRest(body: StreamedBody, source: Readable): void {
  const stream = body.stream;
  if (source !== stream) {
    stream.unpipe();
    source.destroy();
  }
  if (stream.destroyed || stream.readableEnded) return;
  // The parser's abandoned read may still wait for 'readable', which keeps the stream from flowing.
  stream.removeAllListeners('readable');
  stream.on('error', () => undefined);
  stream.on('data', () => undefined);
  stream.resume();
}
