// Soak of the remote monitor with reconnecting clients, bounded in time: real
// socket.io-client and raw WebSocket (ws) clients connect, authenticate,
// subscribe with since: 0 (so every connection gets the import's replay),
// read until `completed`, and leave, half of them cleanly and half by tearing
// the TCP connection down, then come back, for SOAK_SECONDS (default 40).
// The server's resident memory and open file descriptors, read from /proc
// after a warm-up and again at the end, must stay flat; the server must still
// answer afterwards.
//   node soak.test.mjs /path/to/dataset-studio
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { TOKEN, check, startStudio, stopStudio, tempDir, waitFor, writeJsonl } from './studio.mjs';

const bin = process.argv[2];
const seconds = Number(process.env.SOAK_SECONDS || 40);
const workers = Number(process.env.SOAK_WORKERS || 16); // of each kind
const dir = tempDir('studio-soak-');
const input = join(dir, 'stories.jsonl');
writeJsonl(input, 20000);

const studio = await startStudio(bin, ['import', input, '--data-dir', join(dir, 'home'), '--monitor', '127.0.0.1:0',
  '--monitor-token', TOKEN, '--keep-serving']);
const origin = `http://127.0.0.1:${studio.port}`;
const pid = studio.proc.pid;

function usage() {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(status.match(/VmRSS:\s+(\d+)/)[1]);
  return { rssKiB, fds: readdirSync(`/proc/${pid}/fd`).length };
}

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); })])
    .finally(() => clearTimeout(timer));
}

// One raw WebSocket session; abrupt: terminate() (no close frame) instead of close().
function rawSession(channel, abrupt) {
  return withTimeout(new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${studio.port}/ws`);
    let events = 0;
    ws.on('error', reject);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', protocol: 1, token: TOKEN })));
    ws.on('message', (raw) => {
      const m = JSON.parse(raw.toString());
      if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', channel, since: 0 }));
      else if (m.type === 'event') {
        events += 1;
        if (m.event === 'completed') {
          if (abrupt) ws.terminate(); else ws.close(1000);
          resolve(events);
        }
      } else if (m.type === 'error') reject(new Error(`server error: ${raw}`));
    });
  }), 15000, 'a raw WebSocket session');
}

// One socket.io-client session; abrupt: the engine's transport is dropped.
function socketIoSession(channel, abrupt) {
  return withTimeout(new Promise((resolve, reject) => {
    const socket = io(origin, { transports: ['websocket'], auth: { token: TOKEN }, reconnection: false, forceNew: true });
    let events = 0;
    socket.on('connect_error', reject);
    socket.on('connect', () => socket.emit('subscribe', { channel, since: 0 }, (ack) => { if (!ack.ok) reject(new Error('subscribe refused')); }));
    socket.on('progress', () => { events += 1; });
    socket.on('completed', () => {
      events += 1;
      if (abrupt) socket.io.engine.transport.ws.terminate(); else socket.close();
      resolve(events);
    });
  }), 15000, 'a socket.io session');
}

let failed = false;
try {
  // The import's progress channel, known once its events are in the hub.
  const first = io(origin, { transports: ['websocket'], auth: { token: TOKEN }, reconnection: false });
  const ack = await new Promise((resolve) => first.on('connect', () => first.emit('subscribe', { channel: 'datasets', since: 0 }, resolve)));
  first.close();
  const id = ack.snapshot.datasets[0].id;
  const channel = `datasets/${id}/progress`;
  // Wait for the import to finish so every session sees `completed`.
  await withTimeout(rawSession(channel, false), 60000, 'the import to complete');

  const counts = { raw: 0, socketio: 0, events: 0, abrupt: 0 };
  const runFor = async (ms) => {
    const deadline = Date.now() + ms;
    const loop = async (kind, n) => {
      let i = n;
      while (Date.now() < deadline) {
        const abrupt = i % 2 === 1;
        i += 1;
        const events = await (kind === 'raw' ? rawSession(channel, abrupt) : socketIoSession(channel, abrupt));
        counts.events += events; // (not `+= await`: that reads counts.events before the await)
        counts[kind] += 1;
        if (abrupt) counts.abrupt += 1;
      }
    };
    const all = [];
    for (let w = 0; w < workers; w += 1) all.push(loop('raw', w), loop('socketio', w));
    await Promise.all(all);
  };

  await runFor(Math.min(8000, seconds * 250)); // warm-up: allocator pools, thread-local caches
  await sleep(1500);
  const before = usage();
  const started = Date.now();
  counts.raw = 0; counts.socketio = 0; counts.events = 0; counts.abrupt = 0;
  await runFor(seconds * 1000);
  const elapsed = (Date.now() - started) / 1000;
  await sleep(2000); // let the server notice the last torn-down connections
  const after = usage();
  const sessions = counts.raw + counts.socketio;
  console.log(`soak: ${sessions} sessions in ${elapsed.toFixed(1)} s (${(sessions / elapsed).toFixed(0)}/s; raw ${counts.raw}, `
    + `socket.io ${counts.socketio}; ${counts.abrupt} torn down without a close), ${counts.events} events delivered`);
  console.log(`server VmRSS ${before.rssKiB} -> ${after.rssKiB} KiB, open file descriptors ${before.fds} -> ${after.fds}`);
  check(sessions > workers * 4, `the clients kept reconnecting (${sessions} sessions)`);
  check(counts.events >= sessions * 2, 'every session got the replay and completed');
  check(after.fds <= before.fds + 2, `open file descriptors stay flat (${before.fds} -> ${after.fds})`);
  const growthKiB = after.rssKiB - before.rssKiB;
  if (process.env.SOAK_SANITIZED) {
    console.log(`(sanitizer build: resident memory not judged, ASan keeps freed memory in quarantine; +${growthKiB} KiB)`);
  } else {
    check(growthKiB < Math.max(8192, before.rssKiB * 0.15), `resident memory stays flat (${growthKiB >= 0 ? '+' : ''}${growthKiB} KiB)`);
  }
  const last = await rawSession(channel, false);
  check(last >= 2, 'the server still answers after the soak');
} catch (e) {
  failed = true;
  console.error(e.message);
  console.error(studio.stderr());
} finally {
  const code = await stopStudio(studio.proc);
  console.log(`dataset-studio exited with ${code}`);
}
process.exit(failed ? 1 : 0);
