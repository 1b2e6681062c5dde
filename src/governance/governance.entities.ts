import { GridEnrolment } from './grids/grid-enrolment.entity.js';
import { Grid } from './grids/grid.entity.js';
import { GovernanceIssue } from './issues/governance-issue.entity.js';
import { IssueCategory } from './issues/issue-category.entity.js';
import { IssueEvent } from './issues/issue-event.entity.js';
import { IssueFollower } from './issues/issue-follower.entity.js';
import { IssueSupervision } from './issues/issue-supervision.entity.js';
import { PointsRule } from './points/points-rule.entity.js';
import { PublicCommitment } from './teams/public-commitment.entity.js';
import { ResponsibilityZone } from './teams/responsibility-zone.entity.js';
import { VolunteerActivity } from './teams/volunteer-activity.entity.js';
import { VolunteerHours } from './teams/volunteer-hours.entity.js';
import { VolunteerTeamMember } from './teams/volunteer-team-member.entity.js';
import { VolunteerTeam } from './teams/volunteer-team.entity.js';

/** Every table the governance feature owns. */
export const GOVERNANCE_ENTITIES = [
  Grid,
  GridEnrolment,
  PointsRule,
  VolunteerTeam,
  VolunteerTeamMember,
  PublicCommitment,
  ResponsibilityZone,
  VolunteerActivity,
  VolunteerHours,
  IssueCategory,
  GovernanceIssue,
  IssueEvent,
  IssueSupervision,
  IssueFollower,
];
