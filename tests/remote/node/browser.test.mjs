// The bundled monitor page in Debian's Chromium (npm playwright-core): a real
// import's card reaches Ready and 100 %; the server restarts (a new
// dataset-studio process with --keep-serving on the same data directory and
// port); the page reconnects and shows the new state without duplicates; no
// console errors; no request leaves the server's origin.
//   node browser.test.mjs /path/to/dataset-studio /path/to/screenshot.png
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { TOKEN, check, expectAppliedOnceInOrder, startStudio, stopStudio, tempDir, writeJsonl } from './studio.mjs';

const [bin, screenshot] = process.argv.slice(2);
const dir = tempDir('studio-page-');
const home = join(dir, 'home');
const first = join(dir, 'first.jsonl');
const second = join(dir, 'second.jsonl');
writeJsonl(first, 600000); // a few seconds of import, so the page usually watches it run
writeJsonl(second, 30000);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
let studio = await startStudio(bin, ['import', first, '--name', 'first', '--data-dir', home, '--monitor', '127.0.0.1:0',
  '--monitor-token', TOKEN, '--keep-serving']);
const port = studio.port;
const origin = `http://127.0.0.1:${port}`;
const consoleErrors = [];
const foreign = [];
let restartWindow = false;
let failed = false;
try {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() !== 'error' && m.type() !== 'warning') return;
    // While the server is down on purpose, Chromium itself logs the refused reconnect attempts.
    const refused = /ERR_CONNECTION_REFUSED|WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/ws' failed/.test(m.text());
    if (restartWindow && refused) return;
    consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin + '/')) foreign.push(r.url()); });
  page.on('websocket', (ws) => { if (ws.url() !== `ws://127.0.0.1:${port}/ws`) foreign.push(ws.url()); });

  await page.goto(studio.url);
  // Every value the first card's progress bar shows (printed: how much of the run the page saw live).
  await page.evaluate(() => {
    window.__values = [];
    new MutationObserver(() => {
      const bar = document.querySelector('.card[data-id="1"] [role=progressbar]');
      if (bar && window.__values[window.__values.length - 1] !== bar.getAttribute('aria-valuenow')) window.__values.push(bar.getAttribute('aria-valuenow'));
    }).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  const card = (name) => page.locator('.card', { has: page.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
  await card('first').locator('.badge', { hasText: 'ready' }).waitFor({ timeout: 60000 });
  const firstBar = card('first').locator('[role=progressbar]');
  check(await firstBar.getAttribute('aria-valuenow') === '100.0', 'the import\'s card reaches Ready with aria-valuenow 100');
  check(await card('first').locator('.percent').textContent() === '100.0%', 'one-decimal percentage 100.0%');
  check(/600,000 samples/.test(await card('first').locator('.facts').textContent()), 'samples and size shown');
  const progressSeen = await page.evaluate(() => window.__monitor.applied.filter((a) => a.event === 'progress').length);
  console.log(`# live progress events applied during the first import: ${progressSeen}; bar values: ${(await page.evaluate(() => window.__values)).join(' ')}`);

  // Restart: stop this server, watch the page notice, start a new process on the same port.
  restartWindow = true;
  await stopStudio(studio.proc);
  await page.locator('#banner').waitFor({ state: 'visible', timeout: 10000 });
  check(true, 'the page shows the reconnecting banner');
  studio = await startStudio(bin, ['import', second, '--name', 'second', '--data-dir', home, '--monitor', `127.0.0.1:${port}`,
    '--monitor-token', TOKEN, '--keep-serving']);
  await page.locator('#banner').waitFor({ state: 'hidden', timeout: 10000 });
  restartWindow = false;
  check(true, 'reconnected (banner gone)');
  await card('second').locator('.badge', { hasText: 'ready' }).waitFor({ timeout: 60000 });
  check(await card('second').locator('[role=progressbar]').getAttribute('aria-valuenow') === '100.0', 'the new import reaches Ready, 100');
  check(await card('first').locator('.badge').textContent() === 'ready', 'the first dataset is still shown as ready');
  const ids = await page.locator('.card').evaluateAll((cards) => cards.map((c) => c.dataset.id));
  check(ids.length === 2 && new Set(ids).size === 2, `one card per dataset (${ids.join(', ')})`);
  const applied = await page.evaluate(() => window.__monitor.applied);
  expectAppliedOnceInOrder(applied);
  const instances = new Set(applied.map((a) => a.instance));
  check(true, `no event applied twice or out of order (${applied.length} applied, from ${instances.size} server run(s))`);
  check(await page.evaluate(() => window.__monitor.connections) === 2, 'exactly two connections (one per server run)');
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`# screenshot: ${screenshot}`);
  check(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ': ' + consoleErrors.join(' | ') : ''}`);
  check(foreign.length === 0, `no request leaves ${origin}${foreign.length ? ': ' + foreign.join(' ') : ''}`);
} catch (e) {
  failed = true;
  console.error(e.message);
  console.error(studio.stderr());
} finally {
  await stopStudio(studio.proc);
  await browser.close();
}
process.exit(failed ? 1 : 0);
