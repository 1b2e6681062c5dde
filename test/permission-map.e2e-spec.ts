import { readFileSync } from 'node:fs';
import { buildPermissionMap } from '../src/access/permission-map.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('permission map', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  it('matches the committed src/access/permission-map.json, so any change to who may do what shows in review', () => {
    const committed = JSON.parse(readFileSync('src/access/permission-map.json', 'utf8'));
    expect(buildPermissionMap(t.app)).toEqual(committed);
  });

  it('leaves no handler without a declared permission', () => {
    const undeclared = Object.entries(buildPermissionMap(t.app).handlers).filter(([, p]) => p === 'NONE');
    expect(undeclared).toEqual([]);
  });
});
