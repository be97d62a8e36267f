// The bundled monitor page in Debian's Firefox ESR, driven over WebDriver
// BiDi (bidi.mjs): the same story as the Chromium test — a real import's card
// reaches Ready and 100 %, the server restarts, the page reconnects and shows
// the new state without duplicates, no console errors, no request leaves the
// server's origin.
//   node firefox.test.mjs /path/to/dataset-studio /path/to/screenshot.png
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchFirefox } from './bidi.mjs';
import { TOKEN, check, expectAppliedOnceInOrder, startStudio, stopStudio, tempDir, writeJsonl } from './studio.mjs';

const [bin, screenshot] = process.argv.slice(2);
const dir = tempDir('studio-firefox-');
const home = join(dir, 'home');
const first = join(dir, 'first.jsonl');
const second = join(dir, 'second.jsonl');
writeJsonl(first, 600000);
writeJsonl(second, 30000);
const profile = tempDir('studio-firefox-profile-');

const firefox = await launchFirefox('/usr/bin/firefox-esr', profile);
let studio = await startStudio(bin, ['import', first, '--name', 'first', '--data-dir', home, '--monitor', '127.0.0.1:0',
  '--monitor-token', TOKEN, '--keep-serving']);
const port = studio.port;
const origin = `http://127.0.0.1:${port}`;
const consoleErrors = [];
const foreign = [];
let restartWindow = false;
let failed = false;
const cardOf = (name) => `[...document.querySelectorAll('.card')].find((c) => c.querySelector('.name')?.textContent === ${JSON.stringify(name)})`;
try {
  await firefox.send('session.new', { capabilities: {} });
  await firefox.send('session.subscribe', { events: ['log.entryAdded', 'network.beforeRequestSent'] });
  firefox.on((method, params) => {
    if (method === 'log.entryAdded' && (params.level === 'error' || params.level === 'warn')) {
      // While the server is down on purpose, Firefox logs the refused reconnect attempts.
      const refused = /can.t establish a connection|NS_ERROR_CONNECTION_REFUSED|was interrupted while the page was loading/i.test(params.text);
      if (!(restartWindow && refused)) consoleErrors.push(`${params.level}: ${params.text}`);
    } else if (method === 'network.beforeRequestSent') {
      const url = params.request.url;
      if (!url.startsWith(`${origin}/`) && url !== `ws://127.0.0.1:${port}/ws` && !url.startsWith('about:')) foreign.push(url);
    }
  });
  const tree = await firefox.send('browsingContext.getTree', {});
  const context = tree.contexts[0].context;
  await firefox.send('browsingContext.navigate', { context, url: studio.url, wait: 'complete' });

  await firefox.waitFor(context, `${cardOf('first')}?.querySelector('.badge')?.textContent === 'ready'`, 60000, 'the first card to be ready');
  const firstCard = await firefox.evaluate(context, `(() => { const c = ${cardOf('first')}; return {
    value: c.querySelector('[role=progressbar]').getAttribute('aria-valuenow'),
    percent: c.querySelector('.percent').textContent, facts: c.querySelector('.facts').textContent }; })()`);
  check(firstCard.value === '100.0', 'Firefox: the import\'s card reaches Ready with aria-valuenow 100');
  check(firstCard.percent === '100.0%', 'Firefox: one-decimal percentage 100.0%');
  check(/600,000 samples/.test(firstCard.facts), 'Firefox: samples and size shown');

  restartWindow = true;
  await stopStudio(studio.proc);
  await firefox.waitFor(context, `!document.querySelector('#banner').hidden && getComputedStyle(document.querySelector('#banner')).display !== 'none'`,
    10000, 'the reconnecting banner');
  check(true, 'Firefox: the page shows the reconnecting banner');
  studio = await startStudio(bin, ['import', second, '--name', 'second', '--data-dir', home, '--monitor', `127.0.0.1:${port}`,
    '--monitor-token', TOKEN, '--keep-serving']);
  await firefox.waitFor(context, `document.querySelector('#banner').hidden || getComputedStyle(document.querySelector('#banner')).display === 'none'`,
    10000, 'the banner to go');
  restartWindow = false;
  check(true, 'Firefox: reconnected (banner gone)');
  await firefox.waitFor(context, `${cardOf('second')}?.querySelector('.badge')?.textContent === 'ready'`, 60000, 'the second card to be ready');
  const after = await firefox.evaluate(context, `({
    second: ${cardOf('second')}.querySelector('[role=progressbar]').getAttribute('aria-valuenow'),
    first: ${cardOf('first')}.querySelector('.badge').textContent,
    ids: [...document.querySelectorAll('.card')].map((c) => c.dataset.id),
    applied: window.__monitor.applied, connections: window.__monitor.connections })`);
  check(after.second === '100.0', 'Firefox: the new import reaches Ready, 100');
  check(after.first === 'ready', 'Firefox: the first dataset is still shown as ready');
  check(after.ids.length === 2 && new Set(after.ids).size === 2, `Firefox: one card per dataset (${after.ids.join(', ')})`);
  expectAppliedOnceInOrder(after.applied);
  check(true, `Firefox: no event applied twice or out of order (${after.applied.length} applied live, the rest came as snapshots)`);
  check(after.connections === 2, 'Firefox: exactly two connections (one per server run)');
  const shot = await firefox.send('browsingContext.captureScreenshot', { context });
  writeFileSync(screenshot, Buffer.from(shot.data, 'base64'));
  console.log(`# screenshot: ${screenshot}`);
  check(consoleErrors.length === 0, `Firefox: no console errors${consoleErrors.length ? ': ' + consoleErrors.join(' | ') : ''}`);
  check(foreign.length === 0, `Firefox: no request leaves ${origin}${foreign.length ? ': ' + foreign.join(' ') : ''}`);
} catch (e) {
  failed = true;
  console.error(e.message);
  console.error(studio.stderr());
} finally {
  await stopStudio(studio.proc);
  await firefox.close();
}
process.exit(failed ? 1 : 0);
