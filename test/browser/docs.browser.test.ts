import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../service/src/app.ts';
import { connectDatabase } from '../../service/src/db/connection.ts';
import { listen, type RunningServer } from '../../service/src/http/server.ts';
import { createLogger } from '../../service/src/logger.ts';
import { REPO_ROOT } from '../support/cli.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARTEFACTS = path.join(REPO_ROOT, 'test-results');

/** Debian's chromium; installed here when we are root, otherwise the test fails saying how to install it. */
function chromiumExecutable(): string {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  const how = 'Install it with: apt-get update && apt-get install -y chromium';
  if (process.getuid?.() !== 0) throw new Error(`Chromium is not installed at ${CHROMIUM} and this test is not root. ${how}`);
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const run = spawnSync('apt-get', args, { encoding: 'utf8', timeout: 15 * 60_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}\n${how}`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing. ${how}`);
  return CHROMIUM;
}

describe('the API reference in a real browser', () => {
  let running: RunningServer;
  let origin: string;
  let context: BrowserContext;
  let userDataDir: string;
  const requested: string[] = [];
  // The docs never touch the database.
  const db = connectDatabase({ url: 'postgres://postgres@127.0.0.1:1/unused', onConnectionError: () => {}, onKnexLog: () => {} });

  beforeAll(async () => {
    const executablePath = chromiumExecutable();
    running = await listen(createApp({ db, logger: createLogger('error', () => {}), validateResponses: true, bodyLimitBytes: 1024 }), 0, '127.0.0.1');
    origin = `http://127.0.0.1:${running.port}`;
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      viewport: { width: 1400, height: 1000 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context.on('request', (req) => requested.push(req.url()));
    fs.mkdirSync(ARTEFACTS, { recursive: true });
  }, 15 * 60_000);

  afterAll(async () => {
    await context?.close();
    await running?.close(1_000);
    await db.destroy();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  it('renders /docs with Redoc, shows createUser and its error list, and loads nothing from another origin', async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${origin}/docs`, { waitUntil: 'load' });
    const operation = page.locator('[data-section-id="operation/createUser"]');
    await operation.waitFor({ state: 'visible', timeout: 60_000 });
    await operation.scrollIntoViewIfNeeded();
    const text = await operation.innerText();
    expect(text).toMatch(/Create a user/i);
    for (const code of ['EMAIL_TAKEN', 'VALIDATION_FAILED', 'IDEMPOTENCY_KEY_REUSED']) expect(text).toContain(code);
    expect(text).toContain('409');
    const link = operation.locator('a[href="/docs/errors#email-taken"]').first();
    expect(await link.count()).toBe(1);
    await page.screenshot({ path: path.join(ARTEFACTS, 'docs.png') });

    await link.click();
    await page.waitForURL(`${origin}/docs/errors#email-taken`);
    expect(await page.evaluate(() => document.querySelector(':target')?.getAttribute('data-code'))).toBe('EMAIL_TAKEN');
    await page.screenshot({ path: path.join(ARTEFACTS, 'docs-errors.png') });

    expect(errors).toEqual([]);
    const foreign = requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'));
    expect(foreign, 'the docs must be self-hosted').toEqual([]);
    expect(fs.statSync(path.join(ARTEFACTS, 'docs.png')).size).toBeGreaterThan(10_000);
  });
});
