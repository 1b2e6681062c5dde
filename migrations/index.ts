// Every migration, oldest first. `npm run migration:generate` appends new ones here.
import { Extensions1764380000000 } from './1764380000000-Extensions.js';

export const allMigrations = [Extensions1764380000000];
