// Every migration, oldest first. `npm run migration:generate` appends new ones here.
import { Extensions1764380000000 } from './1764380000000-Extensions.js';
import { Reference1764380100000 } from './1764380100000-Reference.js';
import { Identity1764380200000 } from './1764380200000-Identity.js';
import { AuditLog1764380300000 } from './1764380300000-AuditLog.js';

export const allMigrations = [Extensions1764380000000, Reference1764380100000, Identity1764380200000, AuditLog1764380300000];
