// Bulk encryption and blind indexes off the main thread (node:worker_threads). A big upload (a
// roster sync of a million riders) spends much of its CPU on encryption and HMAC; in worker threads
// that runs on the other cores while the main thread goes on parsing and validating.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { BlindIndexKind } from './personal-data.service.js';

/**
 * Values to protect: each is encrypted, and blind-indexed under `kinds[i]` unless that is null.
 * `digests` are only blind-indexed (under their one kind), never encrypted: values that are not
 * stored, such as the text a roster row hash is computed over.
 */
export interface BulkInput {
  values: string[];
  kinds: (BlindIndexKind | null)[];
  digests?: { kind: BlindIndexKind; values: string[] };
}

/** Per value: its ciphertext, and its blind index (null where no kind was asked for); per digest value, its blind index. */
export interface BulkOutput {
  ciphertexts: string[];
  indexes: (string | null)[];
  digests: string[];
}

/** What a worker thread gets: the header new ciphertext carries (`v2.<keyId>`), its key, and the blind-index key. */
export interface BulkKeys {
  header: string;
  sealingKey: Buffer;
  blindIndexKey: Buffer;
}

// Where the threads load libsodium from (resolved here, so it does not depend on the working directory).
const SODIUM_PATH = createRequire(import.meta.url).resolve('sodium-native');

// The worker's code (CommonJS, evaluated: no file to resolve, so it runs the same from dist/ and
// under the test runner). It composes no cryptography: it calls libsodium's XChaCha20-Poly1305 and
// OpenSSL's HMAC-SHA256 exactly as PersonalDataService.encrypt and blindIndex do, which
// personal-data-workers.spec.ts checks against the service. One call to the random source gives
// a batch its nonces.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHmac, createSecretKey } = require('node:crypto');
const sodium = require(workerData.sodiumPath);
const NONCE = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
const TAG = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES;
const key = Buffer.from(workerData.sealingKey);
const header = Buffer.from(workerData.header, 'utf8');
const prefix = workerData.header + '.';
const indexKey = createSecretKey(Buffer.from(workerData.blindIndexKey));

const blindIndex = (kind, value) => createHmac('sha256', indexKey).update(kind + ':' + value, 'utf8').digest('hex');

function encryptAll(values) {
  const nonces = Buffer.allocUnsafe(NONCE * values.length);
  sodium.randombytes_buf(nonces);
  const out = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const message = Buffer.from(values[i], 'utf8');
    const payload = Buffer.allocUnsafe(NONCE + message.length + TAG);
    nonces.copy(payload, 0, i * NONCE, (i + 1) * NONCE);
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(payload.subarray(NONCE), message, header, null, payload.subarray(0, NONCE), key);
    out[i] = prefix + payload.toString('base64url');
  }
  return out;
}

parentPort.on('message', ({ id, values, kinds, digests }) => {
  try {
    const ciphertexts = values.length > 0 ? encryptAll(values) : [];
    const indexes = new Array(values.length);
    for (let i = 0; i < values.length; i++) indexes[i] = kinds[i] === null ? null : blindIndex(kinds[i], values[i]);
    const digested = digests ? digests.values.map((value) => blindIndex(digests.kind, value)) : [];
    parentPort.postMessage({ id, ciphertexts, indexes, digests: digested });
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
      worker.postMessage({ id, values: input.values, kinds: input.kinds, digests: input.digests });
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
        workerData: { header: this.keys.header, sealingKey: this.keys.sealingKey, blindIndexKey: this.keys.blindIndexKey, sodiumPath: SODIUM_PATH },
      });
      worker.unref();
      worker.on('message', (message: { id: number; error?: string } & BulkOutput) => {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        if (this.pending.size === 0) for (const w of this.workers) w.unref();
        if (message.error !== undefined) pending.reject(new Error(`Personal data worker failed: ${message.error}`));
        else pending.resolve({ ciphertexts: message.ciphertexts, indexes: message.indexes, digests: message.digests });
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
