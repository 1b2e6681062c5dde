import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { PROJECT_ROOT } from './version.js';

/** The variables a command starts with, and which of them came from `.env`. */
export interface Environment {
  env: Record<string, string | undefined>;
  /** The `.env` file read, when there was one. */
  file?: string;
  /** Variables whose value came from that file. */
  fromFile: ReadonlySet<string>;
}

/**
 * The variables `npm start` (and the other npm scripts) run with. Precedence: the process
 * environment, then `.env` in the project folder when it exists (for what the environment leaves
 * unset or empty), then AppConfig's defaults.
 */
export function readEnvironment(options: { env?: Record<string, string | undefined>; root?: string } = {}): Environment {
  const env = { ...(options.env ?? process.env) };
  const file = join(options.root ?? PROJECT_ROOT, '.env');
  if (!existsSync(file)) return { env, fromFile: new Set() };
  const fromFile = new Set<string>();
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[key] !== undefined && env[key] !== '') continue;
    env[key] = value;
    fromFile.add(key);
  }
  return { env, file, fromFile };
}
