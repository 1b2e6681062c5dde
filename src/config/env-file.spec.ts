import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config.js';
import { readEnvironment } from './env-file.js';

describe('readEnvironment (.env)', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'nf-env-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads nothing when there is no .env', () => {
    expect(readEnvironment({ root, env: { PORT: '4000' } })).toEqual({ env: { PORT: '4000' }, fromFile: new Set() });
  });

  it('takes the environment first, then .env, then the defaults', () => {
    writeFileSync(join(root, '.env'), '# comment\nPORT=4000\nLOG_LEVEL=debug\nHOST="127.0.0.2"\n');
    const environment = readEnvironment({ root, env: { PORT: '5000', DEMO_MODE: 'off' } });
    expect(environment.file).toBe(join(root, '.env'));
    expect([...environment.fromFile].sort()).toEqual(['HOST', 'LOG_LEVEL']);
    const config = loadConfig(environment.env, { fromFile: environment.fromFile });
    expect({
      PORT: config.PORT,
      LOG_LEVEL: config.LOG_LEVEL,
      HOST: config.HOST,
      DEMO_MODE: config.DEMO_MODE,
      GRAPHQL_MAX_DEPTH: config.GRAPHQL_MAX_DEPTH,
    }).toEqual({
      PORT: 5000,
      LOG_LEVEL: 'debug',
      HOST: '127.0.0.2',
      DEMO_MODE: 'off',
      GRAPHQL_MAX_DEPTH: 10,
    });
  });

  it('lets .env fill a variable the environment sets empty', () => {
    writeFileSync(join(root, '.env'), 'PORT=4000\n');
    expect(readEnvironment({ root, env: { PORT: '' } }).env.PORT).toBe('4000');
  });

  it('names .env as the source of a bad value', () => {
    writeFileSync(join(root, '.env'), 'PORT=abc\n');
    const environment = readEnvironment({ root, env: {} });
    expect(() => loadConfig(environment.env, { fromFile: environment.fromFile })).toThrow(/^invalid configuration: PORT="abc" \(in \.env\): /);
  });
});
