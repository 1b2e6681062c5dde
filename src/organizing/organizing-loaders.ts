// Per-request DataLoaders the 安家行动 resolvers share, so a relation asked from several types
// (an enterprise from an entry, a visit and an assignment) is fetched once per request.
import type DataLoader from 'dataloader';
import { alignToKeys, type RequestLoaders } from '../common/graphql/request-loaders.js';
import { WorkerDto } from '../workers/dto/worker.dto.js';
import type { WorkersService } from '../workers/workers.service.js';
import { EnterpriseDto } from './enterprises/dto/enterprise.dto.js';
import type { EnterprisesService } from './enterprises/enterprises.service.js';
import { PartyOrganizationDto } from './party-organizations/dto/party-organization.dto.js';
import type { PartyOrganizationsService } from './party-organizations/party-organizations.service.js';

/** Enterprises by id (masked contact). */
export function enterpriseLoader(loaders: RequestLoaders, service: EnterprisesService): DataLoader<string, EnterpriseDto | null> {
  return loaders.get<string, EnterpriseDto | null>('enterprise.byId', async (ids) =>
    alignToKeys(ids, (await service.byIds(ids)).map(EnterpriseDto.from), (e) => e.id),
  );
}

/** Party organisations by id. */
export function partyOrganizationLoader(loaders: RequestLoaders, service: PartyOrganizationsService): DataLoader<string, PartyOrganizationDto | null> {
  return loaders.get<string, PartyOrganizationDto | null>('partyOrganization.byId', async (ids) =>
    alignToKeys(ids, (await service.byIds(ids)).map(PartyOrganizationDto.from), (o) => o.id),
  );
}

/** Workers by id, masked. */
export function workerLoader(loaders: RequestLoaders, service: WorkersService): DataLoader<string, WorkerDto | null> {
  return loaders.get<string, WorkerDto | null>('worker.byId', async (ids) => alignToKeys(ids, (await service.byIds(ids)).map(WorkerDto.from), (w) => w.id));
}
