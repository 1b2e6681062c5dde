// Every migration, oldest first. `npm run migration:generate` appends new ones here.
import { Extensions1764380000000 } from './1764380000000-Extensions.js';
import { Reference1764380100000 } from './1764380100000-Reference.js';
import { Identity1764380200000 } from './1764380200000-Identity.js';
import { AuditLog1764380300000 } from './1764380300000-AuditLog.js';
import { Organizing1764380400000 } from './1764380400000-Organizing.js';
import { Care1764380500000 } from './1764380500000-Care.js';
import { Governance1764380600000 } from './1764380600000-Governance.js';
import { Roster1764380700000 } from './1764380700000-Roster.js';
import { Dashboard1764380800000 } from './1764380800000-Dashboard.js';
import { RosterWrites1764380900000 } from './1764380900000-RosterWrites.js';
import { WorkerHashKeys1764381000000 } from './1764381000000-WorkerHashKeys.js';
import { StationDepartmentEventOrganiser1764381100000 } from './1764381100000-StationDepartmentEventOrganiser.js';
import { RateLimits1764381500000 } from './1764381500000-RateLimits.js';
import { DemoSeed1764381600000 } from './1764381600000-DemoSeed.js';
import { RosterSyncReport1764381717000 } from './1764381717000-RosterSyncReport.js';
import { EventOutbox1764390000000 } from './1764390000000-EventOutbox.js';
import { IssueClientRequestIds1764391000000 } from './1764391000000-IssueClientRequestIds.js';
import { HolidayCalendar1764391100000 } from './1764391100000-HolidayCalendar.js';
import { IssueReopening1764391200000 } from './1764391200000-IssueReopening.js';
import { IssueFollowers1764391300000 } from './1764391300000-IssueFollowers.js';
import { CategoryAttributes1764391400000 } from './1764391400000-CategoryAttributes.js';
import { Open311Clients1764391500000 } from './1764391500000-Open311Clients.js';
import { IssueExtensionWorkingDays1764391600000 } from './1764391600000-IssueExtensionWorkingDays.js';
import { WebhookDeliveryPendingSequence1764391700000 } from './1764391700000-WebhookDeliveryPendingSequence.js';
import { CallerChanges1764391800000 } from './1764391800000-CallerChanges.js';

export const allMigrations = [
  Extensions1764380000000,
  Reference1764380100000,
  Identity1764380200000,
  AuditLog1764380300000,
  Organizing1764380400000,
  Care1764380500000,
  Governance1764380600000,
  Roster1764380700000,
  Dashboard1764380800000,
  RosterWrites1764380900000,
  WorkerHashKeys1764381000000,
  StationDepartmentEventOrganiser1764381100000,
  RateLimits1764381500000,
  DemoSeed1764381600000,
  RosterSyncReport1764381717000,
  EventOutbox1764390000000,
  IssueClientRequestIds1764391000000,
  HolidayCalendar1764391100000,
  IssueReopening1764391200000,
  IssueFollowers1764391300000,
  CategoryAttributes1764391400000,
  Open311Clients1764391500000,
  IssueExtensionWorkingDays1764391600000,
  WebhookDeliveryPendingSequence1764391700000,
  CallerChanges1764391800000,
];
