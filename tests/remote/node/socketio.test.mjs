// The unmodified npm socket.io-client (transports: ['websocket']) against the
// server of a real `dataset-studio import … --monitor …`.
//   node socketio.test.mjs /path/to/dataset-studio
import { io } from 'socket.io-client';
import { join } from 'node:path';
import { TOKEN, check, startStudio, stopStudio, tempDir, waitFor, writeJsonl } from './studio.mjs';

const bin = process.argv[2];
const dir = tempDir('studio-sio-');
const input = join(dir, 'stories.jsonl');
writeJsonl(input, 20000);

const studio = await startStudio(bin, ['import', input, '--data-dir', join(dir, 'home'), '--monitor', '127.0.0.1:0',
  '--monitor-token', TOKEN, '--keep-serving']);
const origin = `http://127.0.0.1:${studio.port}`;
let failed = false;
try {
  // A wrong token: CONNECT_ERROR "unauthorized".
  const bad = io(origin, { transports: ['websocket'], auth: { token: 'wrong-wrong-wrong-wrong' }, reconnection: false });
  const badError = await new Promise((resolve) => {
    bad.on('connect', () => resolve(null));
    bad.on('connect_error', (e) => resolve(e));
  });
  bad.close();
  check(badError && badError.message === 'unauthorized', 'a wrong token is refused with connect_error "unauthorized"');

  const socket = io(origin, { transports: ['websocket'], auth: { token: TOKEN }, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  const events = [];
  const lastSeq = new Map();
  let connects = 0;
  let acks = [];
  const channels = new Set(['datasets']);
  const subscribeAll = () => {
    for (const channel of channels) {
      const since = lastSeq.has(channel) ? lastSeq.get(channel) : 0;
      socket.emit('subscribe', { channel, since }, (ack) => acks.push(ack));
    }
  };
  // socket.io-client re-runs CONNECT after a reconnect but not our subscriptions: redo them.
  socket.on('connect', () => { connects += 1; subscribeAll(); });
  for (const name of ['progress', 'completed', 'error', 'created', 'updated', 'deleted']) {
    socket.on(name, (data) => {
      const last = lastSeq.get(data.channel) || 0;
      if (data.seq <= last) return; // never twice
      lastSeq.set(data.channel, data.seq);
      events.push({ name, ...data });
      if (data.channel === 'datasets' && data.id && !channels.has(`datasets/${data.id}/progress`)) {
        const channel = `datasets/${data.id}/progress`;
        channels.add(channel);
        socket.emit('subscribe', { channel, since: 0 }, (ack) => acks.push(ack));
      }
    });
  }
  await waitFor(() => connects === 1, 10000, 'connect');
  check(socket.id && socket.id.length > 0, 'connected with a socket id (the CONNECT reply carries sid)');
  await waitFor(() => acks.find((a) => a.channel === 'datasets'), 10000, 'the subscribe ack');
  const ack = acks.find((a) => a.channel === 'datasets');
  check(ack.ok === true, 'subscribe is acknowledged with ok: true');
  const datasets = ack.snapshot.datasets;
  check(Array.isArray(datasets) && datasets.length === 1, 'the ack carries the datasets snapshot with the import');
  const id = datasets[0].id;
  const channel = `datasets/${id}/progress`;
  if (!channels.has(channel)) {
    channels.add(channel);
    socket.emit('subscribe', { channel, since: 0 }, (a) => acks.push(a));
  }
  await waitFor(() => events.find((e) => e.channel === channel && e.name === 'completed'), 60000, 'completed');
  const progress = events.filter((e) => e.channel === channel);
  check(progress.some((e) => e.name === 'progress'), `progress events arrive (${progress.length - 1} before completed)`);
  check(progress[progress.length - 1].name === 'completed' && progress.filter((e) => e.name === 'completed').length === 1,
    'exactly one completed, last');
  for (let i = 1; i < progress.length; i += 1) {
    if (progress[i].seq !== progress[i - 1].seq + 1 && progress[i - 1].name !== 'progress') throw new Error('seq gap');
    if (progress[i].seq <= progress[i - 1].seq) throw new Error('seq not increasing');
    if (progress[i].name === 'progress' && progress[i].progress < progress[i - 1].progress) throw new Error('progress went backwards');
  }
  check(true, 'seq increases and progress never goes backwards');
  const done = progress[progress.length - 1];
  check(done.status === 'ready' && done.progress === 100 && done.num_samples === 20000, 'completed says ready, 100, 20,000 samples');

  // Forced transport close: the client reconnects and re-subscribes.
  const acksBefore = acks.length;
  socket.io.engine.close();
  await waitFor(() => connects === 2, 10000, 'the reconnect');
  await waitFor(() => acks.length >= acksBefore + channels.size, 10000, 're-subscribe acks');
  const again = acks.slice(acksBefore);
  check(again.every((a) => a.ok === true), 'after a forced transport close: reconnected and re-subscribed');
  const progressAck = again.find((a) => a.channel === channel);
  check(progressAck.replayed === 0 && progressAck.snapshot.status === 'ready', 'nothing missed: replay empty, snapshot ready');
  socket.close();
} catch (e) {
  failed = true;
  console.error(e.message);
  console.error(studio.stderr());
} finally {
  const code = await stopStudio(studio.proc);
  console.log(`dataset-studio exited with ${code}`);
}
process.exit(failed ? 1 : 0);
