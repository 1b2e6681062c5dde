import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { normalisePhone } from '../common/personal-data/personal-data-format.js';
import { PersonalDataService } from '../common/personal-data/personal-data.service.js';
import type { RevealField } from './dto/reveal.dto.js';
import type { UpdateMyProfileInput } from './dto/worker-profile.dto.js';
import { Worker } from './worker.entity.js';

/** One person record per worker; personal data only ever stored protected. */
@Injectable()
export class WorkersService {
  constructor(
    @InjectRepository(Worker) private readonly workers: Repository<Worker>,
    private readonly personalData: PersonalDataService,
    private readonly audit: AuditService,
  ) {}

  /** The live (not merged) worker with this phone, created on first sight (worker login). */
  async findOrCreateByPhone(rawPhone: string): Promise<Worker> {
    const phone = this.personalData.protectPhone(rawPhone);
    const live = { phoneIndex: phone.blindIndex, mergedIntoId: IsNull() };
    const existing = await this.workers.findOneBy(live);
    if (existing) return existing;
    await this.workers
      .createQueryBuilder()
      .insert()
      .values({ phoneCipher: phone.ciphertext, phoneIndex: phone.blindIndex, phoneMasked: phone.masked })
      .orIgnore()
      .execute();
    return this.workers.findOneByOrFail(live);
  }

  /** A worker by id, or NOT_FOUND. */
  async get(id: string): Promise<Worker> {
    const worker = await this.workers.findOneBy({ id });
    if (!worker) throw DomainError.notFound('Worker', id);
    return worker;
  }

  /** The signed-in worker's own record; other callers have no profile. */
  async mine(actor: Actor): Promise<Worker> {
    if (actor.kind !== 'worker' || !actor.workerId) throw DomainError.forbidden('Only a signed-in worker has a profile');
    return this.get(actor.workerId);
  }

  /** A worker completes their own profile (name, ID number, gender); an ID number already on another record is refused. */
  async updateMyProfile(actor: Actor, input: UpdateMyProfileInput): Promise<Worker> {
    const worker = await this.mine(actor);
    if (input.name !== undefined) {
      const name = this.personalData.protectName(input.name);
      worker.nameCipher = name.ciphertext;
      worker.nameMasked = name.masked;
    }
    if (input.idNumber !== undefined) {
      const id = this.personalData.protectIdNumber(input.idNumber);
      const holder = await this.workers.findOneBy({ idNumberIndex: id.blindIndex });
      if (holder && holder.id !== worker.id && !holder.mergedIntoId) {
        throw DomainError.conflict('This ID number already belongs to another worker record', { existingWorkerId: holder.id });
      }
      worker.idNumberCipher = id.ciphertext;
      worker.idNumberIndex = id.blindIndex;
      worker.idNumberMasked = id.masked;
    }
    if (input.gender !== undefined) worker.gender = input.gender;
    return this.workers.save(worker);
  }

  /** The full value of one protected field, for an officer with a stated reason; the reveal is audited. */
  async reveal(actor: Actor, workerId: string, field: RevealField, reason: string, ip?: string): Promise<string> {
    const worker = await this.get(workerId);
    const cipher = { NAME: worker.nameCipher, PHONE: worker.phoneCipher, ID_NUMBER: worker.idNumberCipher }[field];
    if (!cipher) throw DomainError.notFound(`Worker ${workerId} has no ${field.toLowerCase()}`);
    const value = this.personalData.decrypt(cipher);
    await this.audit.record({
      action: 'personal_data.reveal',
      actor,
      entityType: 'Worker',
      entityId: workerId,
      changes: { field },
      reason,
      ip,
    });
    return value;
  }

  /** Blind index of a phone as stored (for matching). */
  phoneIndex(rawPhone: string): string {
    return this.personalData.blindIndex('phone', normalisePhone(rawPhone));
  }
}
