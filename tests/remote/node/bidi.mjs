// A minimal WebDriver BiDi client (the W3C protocol Firefox speaks natively
// on --remote-debugging-port) over the ws package: start Debian's firefox-esr
// headless with a scratch profile, send commands, receive events.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

export async function launchFirefox(executable, profileDir) {
  // Quiet start: no first-run pages, updates or telemetry traffic.
  writeFileSync(join(profileDir, 'user.js'), [
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
    'user_pref("browser.startup.homepage_override.mstone", "ignore");',
  ].join('\n') + '\n');
  const proc = spawn(executable, ['--headless', '--no-remote', '--profile', profileDir, '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' } });
  let err = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox did not open WebDriver BiDi in 60 s: ${err}`)), 60000);
    const onData = (chunk) => {
      err += chunk.toString();
      const m = err.match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stderr.on('data', onData);
    proc.stdout.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Firefox exited (${code}): ${err}`)); });
  });
  const ws = new WebSocket(`${url.replace(/\/$/, '')}/session`);
  await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
  return new BidiSession(proc, ws);
}

class BidiSession {
  constructor(proc, ws) {
    this.proc = proc;
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.id !== undefined && this.pending.has(m.id)) {
        const { resolve, reject } = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.type === 'error') reject(new Error(`${m.error}: ${m.message}`)); else resolve(m.result);
      } else if (m.type === 'event') {
        for (const l of this.listeners) l(m.method, m.params);
      }
    });
  }

  send(method, params = {}) {
    const id = this.nextId;
    this.nextId += 1;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => { this.pending.set(id, { resolve, reject }); });
  }

  on(listener) { this.listeners.push(listener); }

  // Evaluates an expression in the page and returns its JSON value.
  async evaluate(context, expression) {
    const r = await this.send('script.evaluate', {
      expression: `JSON.stringify((() => (${expression}))())`, target: { context }, awaitPromise: false,
    });
    if (r.type === 'exception') throw new Error(`page exception: ${r.exceptionDetails.text}`);
    return JSON.parse(r.result.value);
  }

  async waitFor(context, expression, timeoutMs, what) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.evaluate(context, expression)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => { setTimeout(r, 50); });
    }
  }

  async close() {
    try { await Promise.race([this.send('session.end'), new Promise((r) => { setTimeout(r, 2000); })]); } catch { /* already gone */ }
    this.ws.close();
    this.proc.kill('SIGTERM');
    await new Promise((r) => { if (this.proc.exitCode !== null) r(); else this.proc.on('exit', r); });
  }
}
