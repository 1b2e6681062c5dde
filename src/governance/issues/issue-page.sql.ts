import type { SelectQueryBuilder } from 'typeorm';
import { readPage } from '../../common/pagination/page-statement.js';
import type { Department } from '../../reference/departments/department.entity.js';
import type { GridWithCommunity } from '../grids/grids.service.js';
import type { GovernanceIssue } from './governance-issue.entity.js';
import type { IssueCategory } from './issue-category.entity.js';
import type { IssueEvent } from './issue-event.entity.js';

/** What a problem's relation fields show, fetched with the page that lists it. */
export interface IssueRelations {
  category: IssueCategory;
  grid: GridWithCommunity | null;
  department: Pick<Department, 'id' | 'name' | 'kind'> | null;
  timeline: TimelineStep[];
}

/** A timeline step as the problem's `timeline` field shows it (IssueEventDto.from). */
export type TimelineStep = Pick<IssueEvent, 'id' | 'at' | 'action' | 'fromStatus' | 'toStatus' | 'actorKind' | 'actorId' | 'actorRole' | 'note'>;

/** A listed problem with its relations (the resolver primes the request's loaders with them). */
export type IssueWithRelations = GovernanceIssue & { relations: IssueRelations };

type Row = GovernanceIssue & {
  categoryRow: IssueCategory;
  gridRow: GridWithCommunity | null;
  departmentRow: IssueRelations['department'];
  timelineRows: (Omit<TimelineStep, 'at'> & { at: string })[];
};

/**
 * One statement for a page of problems, everything its relation fields show, and the total
 * (`readPage`): each problem with its category, grid, department and timeline as JSON.
 * Before, a 50-item page cost the page, then a statement per relation, each through TypeORM, and the count.
 */
export async function loadIssuePage(
  page: SelectQueryBuilder<GovernanceIssue>,
  count: SelectQueryBuilder<GovernanceIssue>,
): Promise<{ rows: IssueWithRelations[]; total: number | null }> {
  const { rows, total } = await readPage<GovernanceIssue, Omit<Row, keyof GovernanceIssue>>(page, count, {
    alias: 'i',
    select: `json_build_object('id', c.id, 'code', c.code, 'name', c.name, 'deadlineHours', c.deadline_hours,
                               'deadlineUnit', c.deadline_unit, 'deadlineWorkingDays', c.deadline_working_days, 'attributes', c.attributes,
                               'defaultDepartmentKind', c.default_department_kind, 'active', c.active) AS "categoryRow",
             CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object(
               'id', g.id, 'code', g.code, 'name', g.name, 'communityId', g.community_id, 'countyCode', g.county_code,
               'gridWorkerId', g.grid_worker_id, 'boundary', g.boundary::text, 'centroidLat', g.centroid_lat, 'centroidLng', g.centroid_lng,
               'community', json_build_object('id', gc.id, 'code', gc.code, 'name', gc.name)) END AS "gridRow",
             CASE WHEN d.id IS NULL THEN NULL ELSE json_build_object('id', d.id, 'name', d.name, 'kind', d.kind) END AS "departmentRow",
             COALESCE((SELECT json_agg(json_build_object('id', e.id, 'at', e.at, 'action', e.action,
                                                         'fromStatus', e.from_status, 'toStatus', e.to_status, 'actorKind', e.actor_kind,
                                                         'actorId', e.actor_id, 'actorRole', e.actor_role, 'note', e.note)
                                       ORDER BY e.at, e.created_at)
                       FROM governance_issue_event e WHERE e.issue_id = i.id), '[]'::json) AS "timelineRows"`,
    joins: `JOIN issue_category c ON c.id = i.category_id
            LEFT JOIN grid g ON g.id = i.grid_id
            LEFT JOIN region gc ON gc.id = g.community_id
            LEFT JOIN department d ON d.id = i.department_id`,
  });
  return {
    total,
    // Each row becomes the problem itself (its *Row columns stay, unread): copying forty columns into a
    // new object with `...rest` per row was a tenth of the page's CPU.
    rows: rows.map((row) =>
      Object.assign(row, {
        relations: {
          category: row.categoryRow,
          grid: row.gridRow,
          department: row.departmentRow,
          timeline: row.timelineRows.map((e) => Object.assign(e, { at: new Date(e.at) }) as TimelineStep),
        },
      }),
    ),
  };
}
