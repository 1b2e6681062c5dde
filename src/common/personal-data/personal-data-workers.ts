// Bulk encryption and blind indexes off the main thread (node:worker_threads). A big upload (a
// roster sync of a million riders) spends most of its CPU on AES-GCM and HMAC; in worker threads
// that runs on the other cores while the main thread goes on parsing and validating.
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

/** What a worker thread gets: the key that new ciphertext uses and the blind-index key. */
export interface BulkKeys {
  keyId: string;
  encryptionKey: Buffer;
  blindIndexKey: Buffer;
}

// The worker's code (CommonJS, evaluated: no file to resolve, so it runs the same from dist/ and
// under the test runner). It MUST produce exactly what PersonalDataService.encrypt and
// blindIndex produce; personal-data-workers.spec.ts checks both against the service.
//
// AES-256-GCM is composed here from OpenSSL's AES block cipher, for a whole batch at once (NIST SP
// 800-38D: counter blocks J0+1… for the text, E(J0) for the tag, GHASH over the header and the
// text). Node's createCipheriv costs ≈ 5 µs per value (a cipher context, key expansion and GHASH
// table set up for every value); here one ECB context encrypts the counter blocks of 1,500 values
// in one call and GHASH is a table lookup per byte: ≈ 0.8 µs per value. The spec decrypts its output
// with Node's own AES-GCM (PersonalDataService.decrypt) for every length of text from 0 to 100
// bytes. The GHASH tables are indexed by secret-dependent bytes, as OpenSSL's portable GHASH is:
// a process sharing this CPU's caches could in principle learn the hash key and forge (not read)
// ciphertext; decryption still uses OpenSSL.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createCipheriv, createHmac, createSecretKey, randomBytes } = require('node:crypto');
const { keyId, encryptionKey, blindIndexKey } = workerData;
const indexKey = createSecretKey(Buffer.from(blindIndexKey));
const prefix = 'v1.' + keyId + '.';

function gcmEncryptor(key, aad) {
  const aes = createCipheriv('aes-256-ecb', key, null);
  aes.setAutoPadding(false);
  const h = aes.update(Buffer.alloc(16));
  // T[j][b] = (byte b at position j of a block) · H in GF(2^128), so X · H is 16 lookups.
  const powers = new Uint32Array(128 * 4);
  let a = h.readUInt32BE(0), b = h.readUInt32BE(4), c = h.readUInt32BE(8), d = h.readUInt32BE(12);
  for (let k = 0; k < 128; k++) {
    powers.set([a, b, c, d], k * 4);
    const carry = d & 1;
    d = ((d >>> 1) | (c << 31)) >>> 0; c = ((c >>> 1) | (b << 31)) >>> 0; b = ((b >>> 1) | (a << 31)) >>> 0; a = a >>> 1;
    if (carry) a = (a ^ 0xe1000000) >>> 0;
  }
  const table = new Uint32Array(16 * 256 * 4);
  for (let j = 0; j < 16; j++) {
    for (let v = 0; v < 256; v++) {
      const o = (j * 256 + v) * 4;
      for (let t = 0; t < 8; t++) {
        if (!(v & (0x80 >> t))) continue;
        const k = (8 * j + t) * 4;
        for (let w = 0; w < 4; w++) table[o + w] ^= powers[k + w];
      }
    }
  }
  const y = new Uint32Array(4);
  const block = new Uint8Array(16);
  // y = (y XOR the block at buf[off..off+len), zero-padded) · H
  function ghash(buf, off, len) {
    block.fill(0);
    for (let i = 0; i < len; i++) block[i] = buf[off + i];
    let w0 = 0, w1 = 0, w2 = 0, w3 = 0;
    for (let j = 0; j < 16; j++) {
      const o = (j * 256 + (block[j] ^ ((y[j >> 2] >>> (24 - 8 * (j & 3))) & 0xff))) * 4;
      w0 ^= table[o]; w1 ^= table[o + 1]; w2 ^= table[o + 2]; w3 ^= table[o + 3];
    }
    y[0] = w0; y[1] = w1; y[2] = w2; y[3] = w3;
  }
  y.fill(0);
  for (let off = 0; off < aad.length; off += 16) ghash(aad, off, Math.min(16, aad.length - off));
  const afterAad = Uint32Array.from(y);
  const lengths = Buffer.alloc(16);
  lengths.writeUInt32BE(aad.length * 8, 4);
  // iv | tag | ciphertext of every plaintext, with 12-byte IVs taken in turn from ivs.
  return function encrypt(plaintexts, ivs) {
    let blocks = 0;
    for (const p of plaintexts) blocks += 1 + Math.ceil(p.length / 16);
    const counters = Buffer.allocUnsafe(blocks * 16);
    let o = 0;
    for (let i = 0; i < plaintexts.length; i++) {
      for (let k = 0, n = Math.ceil(plaintexts[i].length / 16); k <= n; k++, o += 16) {
        ivs.copy(counters, o, i * 12, i * 12 + 12);
        counters.writeUInt32BE(k + 1, o + 12);
      }
    }
    const stream = aes.update(counters);
    const out = new Array(plaintexts.length);
    o = 0;
    for (let i = 0; i < plaintexts.length; i++) {
      const p = plaintexts[i];
      const payload = Buffer.allocUnsafe(28 + p.length);
      ivs.copy(payload, 0, i * 12, i * 12 + 12);
      for (let k = 0; k < p.length; k++) payload[28 + k] = p[k] ^ stream[o + 16 + k];
      y.set(afterAad);
      for (let off = 0; off < p.length; off += 16) ghash(payload, 28 + off, Math.min(16, p.length - off));
      lengths.writeUInt32BE(p.length * 8, 12);
      ghash(lengths, 0, 16);
      for (let j = 0; j < 16; j++) payload[12 + j] = ((y[j >> 2] >>> (24 - 8 * (j & 3))) & 0xff) ^ stream[o + j];
      out[i] = payload;
      o += (1 + Math.ceil(p.length / 16)) * 16;
    }
    return out;
  };
}
const encrypt = gcmEncryptor(Buffer.from(encryptionKey), Buffer.from('v1.' + keyId, 'utf8'));

const blindIndex = (kind, value) => createHmac('sha256', indexKey).update(kind + ':' + value, 'utf8').digest('hex');

parentPort.on('message', ({ id, values, kinds, digests }) => {
  try {
    const payloads = encrypt(values.map((value) => Buffer.from(value, 'utf8')), randomBytes(12 * values.length));
    const ciphertexts = new Array(values.length);
    const indexes = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      ciphertexts[i] = prefix + payloads[i].toString('base64url');
      indexes[i] = kinds[i] === null ? null : blindIndex(kinds[i], values[i]);
    }
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
        workerData: { keyId: this.keys.keyId, encryptionKey: this.keys.encryptionKey, blindIndexKey: this.keys.blindIndexKey },
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
