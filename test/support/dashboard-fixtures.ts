import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ensureDepartment, ensureRegion, randomSocialCreditCode } from './actors.js';

/** Inserts rows straight into the tables the dashboard reads (hand-built figures, no workflows). */
export class DashboardFixtures {
  constructor(private readonly dataSource: DataSource) {}

  private async one(sql: string, params: unknown[]): Promise<string> {
    const rows: { id: string }[] = await this.dataSource.query(sql, params);
    return rows[0].id;
  }

  async region(code: string): Promise<string> {
    return (await ensureRegion(this.dataSource, code)).id;
  }

  async worker(countyCode = '431126'): Promise<string> {
    return this.one(`INSERT INTO worker (phone_masked, county_code) VALUES ('139****0000', $1) RETURNING id`, [countyCode]);
  }

  async enterprise(townshipCode: string, createdAt = '2023-01-01T00:00:00+08:00'): Promise<string> {
    return this.one(
      `INSERT INTO enterprise (name, social_credit_code, industry, township_id, county_code, created_at)
       VALUES ($1, $2, 'FOOD_DELIVERY', $3, $4, $5) RETURNING id`,
      [`企业${randomBytes(3).toString('hex')}`, randomSocialCreditCode(), await this.region(townshipCode), townshipCode.slice(0, 6), createdAt],
    );
  }

  /** A ledger entry for a new worker; `townshipCode` null = county level. */
  async ledgerEntry(countyCode: string, townshipCode: string | null, verification: string, createdAt: string): Promise<string> {
    return this.one(
      `INSERT INTO ledger_entry (county_code, worker_id, township_id, membership, channel, verification, created_at)
       VALUES ($1, $2, $3, 'FULL', 'DOOR_VISIT', $4, $5) RETURNING id`,
      [countyCode, await this.worker(countyCode), townshipCode ? await this.region(townshipCode) : null, verification, createdAt],
    );
  }

  async partyOrganization(regionCode: string, mode: string, establishedOn: string, dissolvedOn: string | null, enterpriseIds: string[] = []): Promise<string> {
    const id = await this.one(
      `INSERT INTO party_organization (name, kind, formation_mode, established_on, dissolved_on, region_id, county_code)
       VALUES ($1, 'BRANCH', $2, $3, $4, $5, $6) RETURNING id`,
      [`党支部${randomBytes(3).toString('hex')}`, mode, establishedOn, dissolvedOn, await this.region(regionCode), regionCode.slice(0, 6)],
    );
    for (const enterpriseId of enterpriseIds) {
      await this.dataSource.query('INSERT INTO party_organization_enterprise (organization_id, enterprise_id) VALUES ($1, $2)', [id, enterpriseId]);
    }
    return id;
  }

  async staff(role: string, regionCode: string): Promise<string> {
    return this.one(`INSERT INTO staff_user (username, password_hash, role, region_id) VALUES ($1, 'x', $2, $3) RETURNING id`, [
      `${role.toLowerCase()}_${randomBytes(4).toString('hex')}`,
      role,
      await this.region(regionCode),
    ]);
  }

  async assignment(instructorId: string, enterpriseId: string, countyCode: string, startedOn: string, endedOn: string | null): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO instructor_assignment (instructor_id, enterprise_id, started_on, ended_on, county_code) VALUES ($1, $2, $3, $4, $5)',
      [instructorId, enterpriseId, startedOn, endedOn, countyCode],
    );
  }

  async station(
    townshipCode: string,
    status: string,
    createdAt: string,
    at: { lat: number; lng: number } = { lat: 25.6, lng: 111.9 },
    code = `S-${randomBytes(4).toString('hex')}`,
  ): Promise<string> {
    return this.one(
      `INSERT INTO station (code, name, kind, host_venue, address, lat, lng, township_id, county_code, status, created_at)
       VALUES ($1, $2, 'COURIER_STATION', 'LIBRARY', '宁远县', $3, $4, $5, $6, $7, $8) RETURNING id`,
      [code, `驿站${code}`, at.lat, at.lng, await this.region(townshipCode), townshipCode.slice(0, 6), status, createdAt],
    );
  }

  /** An audit under the current standard: passed or not, valid until the given day. */
  async audit(stationId: string, auditedOn: string, passed: boolean, validUntil: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO station_audit (station_id, standard_id, audited_on, passed, valid_until, county_code)
       SELECT $1, s.id, $2, $3, $4, st.county_code FROM audit_standard s, station st WHERE s.is_current AND st.id = $1`,
      [stationId, auditedOn, passed, validUntil],
    );
  }

  async event(
    regionCode: string,
    kind: string,
    status: string,
    startsAt: string,
    options: { servedCount?: number; registrationRequired?: boolean } = {},
  ): Promise<string> {
    const department = await ensureDepartment(this.dataSource, regionCode.slice(0, 6), 'TRADE_UNION');
    return this.one(
      `INSERT INTO welfare_event (title, kind, organizer_department_id, address, region_id, county_code, starts_at, ends_at, registration_required, status, served_count, check_in_code)
       VALUES ($1, $2, $3, '宁远县图书馆', $4, $5, $6::timestamptz, $6::timestamptz + interval '2 hours', $7, $8, $9, $10) RETURNING id`,
      [
        `活动${randomBytes(3).toString('hex')}`,
        kind,
        department,
        await this.region(regionCode),
        regionCode.slice(0, 6),
        startsAt,
        options.registrationRequired ?? false,
        status,
        options.servedCount ?? 0,
        randomBytes(6).toString('hex').toUpperCase(),
      ],
    );
  }

  async registration(eventId: string, attended: boolean, status = 'CONFIRMED'): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO event_registration (event_id, worker_id, status, registered_at, queue_number, attended_at, ticket_code, county_code)
       SELECT $1, $2, $3, now(), COALESCE((SELECT max(queue_number) FROM event_registration WHERE event_id = $1), 0) + 1, $4, $5, '431126'`,
      [eventId, await this.worker(), status, attended ? new Date() : null, randomBytes(6).toString('hex').toUpperCase()],
    );
  }

  async team(townshipCode: string, createdAt: string, members: { workerId: string; joinedOn: string }[]): Promise<string> {
    const id = await this.one(
      `INSERT INTO volunteer_team (name, kind, township_id, county_code, leader_worker_id, created_at) VALUES ($1, 'VOLUNTEER', $2, $3, $4, $5) RETURNING id`,
      [`服务队${randomBytes(3).toString('hex')}`, await this.region(townshipCode), townshipCode.slice(0, 6), members[0].workerId, createdAt],
    );
    for (const [i, member] of members.entries()) {
      await this.dataSource.query('INSERT INTO volunteer_team_member (team_id, worker_id, role, joined_on) VALUES ($1, $2, $3, $4)', [
        id,
        member.workerId,
        i === 0 ? 'LEADER' : 'MEMBER',
        member.joinedOn,
      ]);
    }
    return id;
  }

  async grid(communityCode: string): Promise<string> {
    return this.one(
      `INSERT INTO grid (code, name, community_id, county_code, boundary, centroid_lat, centroid_lng)
       VALUES ($1, '网格', $2, $3, polygon(box(point(111.9, 25.6), point(111.95, 25.65))), 25.625, 111.925) RETURNING id`,
      [`G-${randomBytes(3).toString('hex')}`, await this.region(communityCode), communityCode.slice(0, 6)],
    );
  }

  async enrolment(gridId: string, workerId: string, confirmedAt: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO grid_enrolment (worker_id, grid_id, county_code, status, requested_at, confirmed_at) VALUES ($1, $2, '431126', 'CONFIRMED', $3, $3)`,
      [workerId, gridId, confirmedAt],
    );
  }

  async issue(
    townshipCode: string,
    status: string,
    reportedAt: string,
    resolvedAt: string | null,
    deadlineAt: string | null,
    category = 'SANITATION',
  ): Promise<string> {
    return this.one(
      `INSERT INTO governance_issue (reported_at, category_id, description, lat, lng, photos, township_id, county_code, reporter_worker_id, status, resolved_at, deadline_at)
       SELECT $1, c.id, '路灯不亮', 25.6, 111.9, '{}', $2, $3, $4, $5, $6, $7 FROM issue_category c WHERE c.code = $8 RETURNING id`,
      [
        reportedAt,
        await this.region(townshipCode),
        townshipCode.slice(0, 6),
        await this.worker(townshipCode.slice(0, 6)),
        status,
        resolvedAt,
        deadlineAt,
        category,
      ],
    );
  }
}
