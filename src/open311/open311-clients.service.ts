import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { Clock } from '../common/clock/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { Open311Client } from './open311-client.entity.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest();
/** Open311 client keys start so, which tells them from platform keys (`nf_`). */
export const OPEN311_KEY_PREFIX = 'o311_';
const PREFIX_LENGTH = 8;
const LAST_USED_PRECISION_MS = 60_000;

/** Open311 client applications: admins issue, list and revoke their keys. */
@Injectable()
export class Open311ClientsService {
  constructor(
    @InjectRepository(Open311Client) private readonly clients: Repository<Open311Client>,
    private readonly clock: Clock,
  ) {}

  /** A new client and its key (shown once). */
  async create(actor: Actor, name: string): Promise<{ client: Open311Client; key: string }> {
    const key = `${OPEN311_KEY_PREFIX}${randomBytes(30).toString('base64url')}`;
    const client = await this.clients.save(
      this.clients.create({
        name: name.trim(),
        prefix: key.slice(0, PREFIX_LENGTH),
        keyHash: sha256(key).toString('hex'),
        createdById: actor.kind === 'staff' ? actor.id : null,
      }),
    );
    return { client, key };
  }

  list(): Promise<Open311Client[]> {
    return this.clients.find({ order: { createdAt: 'DESC' } });
  }

  /** Revokes a client's key at once. */
  async revoke(id: string): Promise<Open311Client> {
    const client = await this.clients.findOneBy({ id });
    if (!client) throw DomainError.notFound('Open311Client', id);
    if (!client.revokedAt) {
      client.revokedAt = this.clock.now();
      await this.clients.save(client);
    }
    return client;
  }

  /** The live client a presented key belongs to, or null (constant-time hash comparison). */
  async authenticate(presented: string): Promise<Open311Client | null> {
    if (!presented.startsWith(OPEN311_KEY_PREFIX)) return null;
    const hash = sha256(presented);
    const candidates = await this.clients.findBy({ prefix: presented.slice(0, PREFIX_LENGTH), revokedAt: IsNull() });
    const match = candidates.find((c) => timingSafeEqual(Buffer.from(c.keyHash, 'hex'), hash)) ?? null;
    if (match && (!match.lastUsedAt || this.clock.now().getTime() - match.lastUsedAt.getTime() > LAST_USED_PRECISION_MS)) {
      await this.clients.update(match.id, { lastUsedAt: this.clock.now() });
    }
    return match;
  }
}
