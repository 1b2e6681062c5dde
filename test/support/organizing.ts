import { randomInt } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { idNumberChecksum } from '../../src/common/personal-data/personal-data-format.js';
import { ensureDepartment, ensureRegion, randomSocialCreditCode, type ActorClient } from './actors.js';

/** Ningyuan with two townships and the departments its supervision rules route to. */
export async function setupNingyuan(dataSource: DataSource): Promise<{ departments: Record<string, string>; townshipOfficeId: string }> {
  await ensureRegion(dataSource, '431126100');
  await ensureRegion(dataSource, '431126101');
  const departments: Record<string, string> = {};
  for (const kind of ['MARKET_REGULATION', 'TRANSPORT', 'TRADE_UNION', 'CYBERSPACE', 'POSTAL'])
    departments[kind] = await ensureDepartment(dataSource, '431126', kind);
  const township = await ensureRegion(dataSource, '431126100');
  const [{ id }] = await dataSource.query(
    `INSERT INTO department (name, kind, region_id, county_code) VALUES ('舜陵街道办事处', 'TOWNSHIP', $1, '431126')
     ON CONFLICT (region_id, kind) WHERE kind <> 'OTHER' DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [township.id],
  );
  return { departments, townshipOfficeId: id };
}

/** A random 18-character ID number with a correct check character. */
export function randomIdNumber(): string {
  const first17 = `430102${1970 + randomInt(30)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  return first17 + idNumberChecksum(first17);
}

/** A random mainland mobile number. */
export function randomPhone(): string {
  return `13${randomInt(10)}${String(randomInt(1e8)).padStart(8, '0')}`;
}

/** Registers an enterprise over REST and returns its id. */
export async function createEnterprise(
  officer: ActorClient,
  overrides: Partial<{ name: string; industry: string; townshipCode: string; socialCreditCode: string }> = {},
): Promise<string> {
  const response = await officer.post('/api/v1/enterprises').send({
    name: overrides.name ?? `企业${randomInt(1e6)}`,
    socialCreditCode: overrides.socialCreditCode ?? randomSocialCreditCode(),
    industry: overrides.industry ?? 'FOOD_DELIVERY',
    townshipCode: overrides.townshipCode ?? '431126100',
  });
  if (response.status !== 201) throw new Error(`createEnterprise: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** Records a worker over REST and returns its id. */
export async function createWorker(
  officer: ActorClient,
  overrides: Partial<{ name: string; phone: string; idNumber: string; townshipCode: string }> = {},
): Promise<string> {
  const response = await officer.post('/api/v1/workers').send({
    name: overrides.name ?? '王小明',
    phone: overrides.phone ?? randomPhone(),
    ...(overrides.idNumber ? { idNumber: overrides.idNumber } : {}),
    townshipCode: overrides.townshipCode ?? '431126100',
  });
  if (response.status !== 201) throw new Error(`createWorker: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** Adds a ledger entry over REST and returns its id. */
export async function createEntry(
  officer: ActorClient,
  workerId: string,
  overrides: Partial<{ membership: string; enterpriseId: string; channel: string; townshipCode: string; attachedOrganizationId: string }> = {},
): Promise<string> {
  const response = await officer.post('/api/v1/ledger/entries').send({
    workerId,
    membership: overrides.membership ?? 'FULL',
    channel: overrides.channel ?? 'DOOR_VISIT',
    ...(overrides.enterpriseId ? { enterpriseId: overrides.enterpriseId } : { townshipCode: overrides.townshipCode ?? '431126100' }),
    ...(overrides.attachedOrganizationId ? { attachedOrganizationId: overrides.attachedOrganizationId } : {}),
  });
  if (response.status !== 201) throw new Error(`createEntry: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

/** Gives an enterprise `count` members of `membership` in the ledger; returns the entry ids. */
export async function addMembers(officer: ActorClient, enterpriseId: string, count: number, membership = 'FULL'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await createEntry(officer, await createWorker(officer), { enterpriseId, membership }));
  return ids;
}
