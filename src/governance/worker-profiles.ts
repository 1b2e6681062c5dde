import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { alignToKeys, type RequestLoaders } from '../common/graphql/request-loaders.js';
import { WorkerProfileDto } from '../workers/dto/worker-profile.dto.js';
import { Worker } from '../workers/worker.entity.js';

/** Masked worker profiles by id, batched per request (team members, enrolments, hours). */
@Injectable()
export class WorkerProfiles {
  constructor(@InjectRepository(Worker) private readonly workers: Repository<Worker>) {}

  /** The masked profile of a worker, through the request's loader (one query per page). */
  load(loaders: RequestLoaders, workerId: string): Promise<WorkerProfileDto | null> {
    return loaders.get<string, WorkerProfileDto | null>('governance.workerProfile', (ids) => this.byIds(ids)).load(workerId);
  }

  /** Masked profiles in the order of `ids` (null for an unknown id). */
  async byIds(ids: readonly string[]): Promise<(WorkerProfileDto | null)[]> {
    const rows = await this.workers.findBy({ id: In([...ids]) });
    return alignToKeys(ids, rows.map(WorkerProfileDto.from), (p) => p.id);
  }
}
