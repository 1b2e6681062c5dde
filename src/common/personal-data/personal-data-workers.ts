// Bulk encryption and blind indexes off the main thread (node:worker_threads). A big upload (a
// roster sync of a million riders) spends most of its CPU on AES-GCM and HMAC; in worker threads
// that runs on the other cores while the main thread goes on parsing and validating.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BlindIndexKind } from './personal-data.service.js';

/** Values to protect: each is encrypted, and blind-indexed under `kinds[i]` unless that is null. */
export interface BulkInput {
  values: string[];
  kinds: (BlindIndexKind | null)[];
}

/** Per value: its ciphertext, and its blind index (null where no kind was asked for). */
export interface BulkOutput {
  ciphertexts: string[];
  indexes: (string | null)[];
}

/** What a worker thread gets: the key that new ciphertext uses and the blind-index key. */
export interface BulkKeys {
  keyId: string;
  encryptionKey: Buffer;
  blindIndexKey: Buffer;
}

// The worker's code (CommonJS, evaluated: no file to resolve, so it runs the same from dist/ and
// under the test runner). It MUST produce exactly what PersonalDataService.encrypt and
// blindIndex produce; personal-data-workers.spec.ts checks both against the service.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, createHmac, randomBytes } = require('node:crypto');
const { keyId, encryptionKey, blindIndexKey } = workerData;
const key = Buffer.from(encryptionKey);
const indexKey = Buffer.from(blindIndexKey);
const header = Buffer.from('v1.' + keyId, 'utf8');
const prefix = 'v1.' + keyId + '.';
let pool = Buffer.alloc(0);
let offset = 0;
function nextIv() {
  if (offset + 12 > pool.length) { pool = randomBytes(12 * 4096); offset = 0; }
  const iv = pool.subarray(offset, offset + 12);
  offset += 12;
  return iv;
}
parentPort.on('message', ({ id, values, kinds }) => {
  try {
    const ciphertexts = new Array(values.length);
    const indexes = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(header);
      const body = Buffer.concat([cipher.update(values[i], 'utf8'), cipher.final()]);
      ciphertexts[i] = prefix + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
      const kind = kinds[i];
      indexes[i] = kind === null ? null : createHmac('sha256', indexKey).update(kind + ':' + values[i], 'utf8').digest('hex');
    }
    parentPort.postMessage({ id, ciphertexts, indexes });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
`;

interface Pending {
  resolve: (output: BulkOutput) => void;
  reject: (error: Error) => void;
}

/**
 * A small pool of worker threads (one per spare core, at most four), started on first use.
 * Batches go round-robin; each answer is matched to its request by id. The threads are unref'd
 * (they never keep the process alive) and ended by {@link close}.
 */
export class PersonalDataWorkers {
  private workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private turn = 0;
  private closed = false;

  constructor(
    private readonly keys: BulkKeys,
    private readonly size = Math.max(1, Math.min(4, availableParallelism() - 1)),
  ) {}

  /** Encrypts and blind-indexes a batch in a worker thread. */
  run(input: BulkInput): Promise<BulkOutput> {
    if (this.closed) return Promise.reject(new Error('Personal data workers are closed'));
    if (this.workers.length === 0) this.start();
    const id = this.nextId++;
    const worker = this.workers[this.turn++ % this.workers.length];
    // Referenced only while a batch is out, so waiting keeps the process alive and idling does not.
    if (this.pending.size === 0) for (const w of this.workers) w.ref();
    return new Promise<BulkOutput>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, values: input.values, kinds: input.kinds });
    });
  }

  /** Ends the threads; batches still running are refused. */
  async close(): Promise<void> {
    this.closed = true;
    const workers = this.workers;
    this.workers = [];
    this.failAll(new Error('Personal data workers are closed'));
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private start(): void {
    for (let i = 0; i < this.size; i++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        // A thread holds one batch at a time: a small heap keeps its garbage (and the RSS) small.
        resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
        workerData: { keyId: this.keys.keyId, encryptionKey: this.keys.encryptionKey, blindIndexKey: this.keys.blindIndexKey },
      });
      worker.unref();
      worker.on('message', (message: { id: number; error?: string } & BulkOutput) => {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (this.pending.size === 0) for (const w of this.workers) w.unref();
        if (message.error !== undefined) pending.reject(new Error(`Personal data worker failed: ${message.error}`));
        else pending.resolve({ ciphertexts: message.ciphertexts, indexes: message.indexes });
      });
      // A thread that dies takes the pool with it: every waiting batch fails, the next use starts afresh.
      const broken = (error: Error) => {
        if (!this.workers.includes(worker)) return;
        const workers = this.workers;
        this.workers = [];
        for (const other of workers) if (other !== worker) void other.terminate();
        this.failAll(error);
      };
      worker.on('error', broken);
      worker.on('exit', (code) => broken(new Error(`Personal data worker exited with code ${code}`)));
      this.workers.push(worker);
    }
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
