import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Role } from '../src/access/role.enum.js';
import { TEST_PASSWORD } from './support/actors.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = 'test-artifacts';

/**
 * Opens an operation's tag (operations start collapsed), expands the operation, presses "Try it
 * out", optionally fills the body, executes, and returns status and body.
 */
async function tryOperation(page: Page, tag: string, operationId: string, body?: unknown): Promise<{ status: string; text: string }> {
  const operation = page.locator(`[id$="-${operationId}"]`).first();
  if ((await operation.count()) === 0) await page.locator(`#operations-tag-${tag}`).click();
  await operation.locator('.opblock-summary').first().click();
  await operation.locator('button.try-out__btn').click();
  if (body !== undefined) await operation.locator('textarea.body-param__text').fill(JSON.stringify(body));
  await operation.locator('button.execute').click();
  const status = operation.locator('.live-responses-table .response .response-col_status').first();
  await status.waitFor();
  const text = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
  return { status: (await status.innerText()).trim(), text };
}

describe('Swagger UI and GraphiQL in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let token: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: this test drives Swagger UI in it (README, Quick start). Install it (Debian/Ubuntu: apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`,
      );
    }
    t = await startTestApp();
    token = (await t.as(Role.ORG_OFFICER, { username: 'swagger.user' })).token;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('signs in through the login endpoint, authorises with the bearer token, and GET /api/v1/me answers 200', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.goto(`${base}/docs`, { timeout: 90_000 }); // Swagger UI's bundle is large: slow on a loaded box
    await page.locator('.swagger-ui .info .title').waitFor();

    const login = await tryOperation(page, 'auth', 'Auth_login', { username: 'swagger.user', password: TEST_PASSWORD });
    expect(login.status).toBe('200');
    const { accessToken } = JSON.parse(login.text) as { accessToken: string };

    await page.locator('.auth-wrapper button.authorize').click();
    const modal = page.locator('.modal-ux');
    await modal.locator('input[type="text"]').first().fill(accessToken);
    await modal.locator('button.modal-btn.authorize').first().click();
    await modal.locator('button.btn-done').first().click();

    const me = await tryOperation(page, 'auth', 'Auth_me');
    expect(me.status).toBe('200');
    expect(JSON.parse(me.text)).toMatchObject({ label: 'swagger.user', role: 'ORG_OFFICER' });

    if (!existsSync(ARTIFACTS)) mkdirSync(ARTIFACTS, { recursive: true });
    await page.locator('[id$="-Auth_me"]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${ARTIFACTS}/swagger-me-200.png`, fullPage: false });
    await page.close();
  }, 180_000);

  it('opens GraphiQL at /graphql from the app alone, sends the bearer token from the header editor, and runs a query', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // Nothing but the app may be reached: a CDN request would be refused here and counted.
    const outside: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${base}/`)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto(`${base}/graphql`, { timeout: 90_000 });
    await page.locator('.graphiql-container').waitFor();
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();

    // Query and headers go straight into GraphiQL's CodeMirror editors (typing would race its auto-closing brackets).
    const query = '{ me { label role } health { status } }';
    const headers = JSON.stringify({ Authorization: `Bearer ${token}` });
    await page.evaluate(`(() => {
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(${JSON.stringify(query)});
      const tools = [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')];
      tools[tools.length - 1].CodeMirror.setValue(${JSON.stringify(headers)});
    })()`);
    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.result-window');
    // A locator waits in Playwright's own world: a string predicate would be evaluated by the page, which its CSP (no eval) refuses.
    await page.locator('.result-window', { hasText: 'ORG_OFFICER' }).waitFor({ timeout: 30_000 });
    const text = await result.innerText();
    expect(text).toContain('swagger.user');
    expect(text).toContain('"status": "ok"');
    expect(outside).toEqual([]);
    expect(errors).toEqual([]);

    if (!existsSync(ARTIFACTS)) mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/graphiql-query.png`, fullPage: false });
    await page.close();
  }, 180_000);
});
