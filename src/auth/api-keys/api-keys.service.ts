import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { Enterprise } from '../../organizing/enterprises/enterprise.entity.js';
import type { Actor } from '../../access/actor.js';
import { Role } from '../../access/role.enum.js';
import type { ApiKeyDto } from './api-key.dto.js';
import { ApiKey } from './api-key.entity.js';

const sha256 = (value: string) => createHash('sha256').update(value).digest();
const PREFIX_LENGTH = 8;
// Writing lastUsedAt on every call would turn each read into a write; once a minute is enough.
const LAST_USED_PRECISION_MS = 60_000;

/** Platform API keys: created for a platform enterprise, shown once, stored as SHA-256. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectRepository(Enterprise) private readonly enterprises: Repository<Enterprise>,
  ) {}

  toDto(key: ApiKey): ApiKeyDto {
    return {
      id: key.id,
      name: key.name,
      enterpriseId: key.enterpriseId,
      prefix: key.prefix,
      createdAt: key.createdAt,
      lastUsedAt: key.lastUsedAt,
      revokedAt: key.revokedAt,
    };
  }

  /** Creates a key for a platform enterprise; `value` only for seeded demo keys, otherwise random. */
  async create(actor: Actor | null, input: { enterpriseId: string; name: string }, value?: string): Promise<{ apiKey: ApiKey; key: string }> {
    const enterprise = await this.enterprises.findOneBy({ id: input.enterpriseId });
    if (!enterprise) throw DomainError.badField('enterpriseId', `no enterprise has id ${input.enterpriseId}`);
    if (!enterprise.isPlatform) throw DomainError.badField('enterpriseId', `${enterprise.name} is not a platform enterprise`);
    const key = value ?? `nf_${randomBytes(30).toString('base64url')}`;
    const apiKey = await this.keys.save(
      this.keys.create({
        name: input.name.trim(),
        enterpriseId: enterprise.id,
        prefix: key.slice(0, PREFIX_LENGTH),
        keyHash: sha256(key).toString('hex'),
        createdById: actor?.kind === 'staff' ? actor.id : null,
      }),
    );
    return { apiKey, key };
  }

  /** Every key, newest first, optionally of one enterprise. */
  list(enterpriseId?: string): Promise<ApiKey[]> {
    return this.keys.find({ where: enterpriseId ? { enterpriseId } : {}, order: { createdAt: 'DESC' } });
  }

  /** Revokes a key at once; its next use is refused. */
  async revoke(id: string): Promise<ApiKey> {
    const key = await this.keys.findOneBy({ id });
    if (!key) throw DomainError.notFound('API key', id);
    if (!key.revokedAt) {
      key.revokedAt = new Date();
      await this.keys.save(key);
    }
    return key;
  }

  /** The platform caller for a presented key, or UNAUTHENTICATED; compares hashes in constant time. */
  async authenticate(presented: string): Promise<Actor> {
    const hash = sha256(presented);
    const candidates = await this.keys.find({
      where: { prefix: presented.slice(0, PREFIX_LENGTH), revokedAt: IsNull() },
      relations: { enterprise: true },
    });
    const match = candidates.find((candidate) => timingSafeEqual(Buffer.from(candidate.keyHash, 'hex'), hash));
    if (!match || !match.enterprise) throw DomainError.unauthenticated('The API key is not valid or was revoked');
    if (!match.lastUsedAt || Date.now() - match.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
      await this.keys.update(match.id, { lastUsedAt: new Date() });
    }
    return {
      kind: 'platform',
      id: match.id,
      role: Role.PLATFORM,
      label: match.name,
      enterpriseId: match.enterpriseId,
      countyCode: match.enterprise.countyCode,
    };
  }
}
