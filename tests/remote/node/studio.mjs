// Helpers for the node tests: run the real dataset-studio with --monitor and
// read its monitor URL from stderr; generate input files.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TOKEN = 'node-test-token-0123456789abcdef';

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeJsonl(path, lines) {
  const rows = [];
  for (let i = 0; i < lines; i += 1) rows.push(JSON.stringify({ text: `Once upon a time, sample ${i} found a tiny star and kept it.` }));
  writeFileSync(path, rows.join('\n') + '\n');
}

// Starts `dataset-studio args…` and resolves with { proc, url, port, token } once the
// monitor URL appears on stderr.
export function startStudio(bin, args) {
  return new Promise((resolve, reject) => {
    const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no monitor URL within 30 s; stderr: ${err}`)), 30000);
    proc.stdout.resume();
    proc.stderr.on('data', (chunk) => {
      err += chunk.toString();
      const m = err.match(/(https?):\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[0], port: Number(m[2]), token: m[3], stderr: () => err });
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`dataset-studio exited (${code}) early: ${err}`)); });
  });
}

export function stopStudio(proc) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) { resolve(proc.exitCode); return; }
    proc.removeAllListeners('exit');
    proc.on('exit', (code) => resolve(code));
    proc.kill('SIGINT');
  });
}

export function check(condition, message) {
  if (!condition) throw new Error(`FAILED: ${message}`);
  console.log(`ok - ${message}`);
}

export function waitFor(predicate, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      let value;
      try { value = predicate(); } catch (e) { reject(e); return; }
      if (value) { resolve(value); return; }
      if (Date.now() - started > timeoutMs) { reject(new Error(`timed out waiting for ${what}`)); return; }
      setTimeout(tick, 20);
    };
    tick();
  });
}

// The page's log of applied events (window.__monitor.applied): throws if an
// event was applied twice or out of order within one server run's channel.
export function expectAppliedOnceInOrder(applied) {
  const seen = new Set();
  const lastByRun = new Map();
  for (const a of applied) {
    const key = `${a.instance}|${a.channel}|${a.seq}`;
    if (seen.has(key)) throw new Error(`event shown twice: ${key}`);
    seen.add(key);
    const run = `${a.instance}|${a.channel}`;
    if (lastByRun.has(run) && a.seq <= lastByRun.get(run)) throw new Error(`event out of order: ${key}`);
    lastByRun.set(run, a.seq);
  }
}
