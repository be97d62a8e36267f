// Dataset Studio remote monitor: the JSON protocol of /ws (realtime-protocol.md).
// Plain browser JavaScript, no dependencies. The access token comes from the
// URL fragment (#token=…), which never reaches the server's logs.
'use strict';
(() => {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') || '';
  const backoffMs = [250, 500, 1000, 2000, 4000]; // every retry within 5 s
  const maxProgressChannels = 255; // the server allows 256 subscriptions; one is `datasets`
  const active = new Set(['queued', 'downloading', 'processing']);

  const state = {
    ws: null,
    instance: null,          // the server run our seqs belong to
    lastSeq: new Map(),      // channel -> last seq applied
    subscribed: new Set(),   // channels subscribed on this connection
    datasets: new Map(),     // id -> view
    attempt: 0,
    stopped: false,
  };
  // For tests and the curious: every event applied, in order, and the duplicates ignored.
  const debug = { applied: [], duplicates: 0, connections: 0, state };
  window.__monitor = debug;

  const $ = (id) => document.getElementById(id);
  const progressChannel = (id) => `datasets/${id}/progress`;

  function send(message) {
    if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(message));
  }

  function setConnection(text, live) {
    const el = $('connection');
    el.textContent = text;
    el.classList.toggle('live', live);
  }

  function notice(text) {
    const el = $('notice');
    el.textContent = text || '';
    el.hidden = !text;
  }

  function connect() {
    if (state.stopped) return;
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    let ws;
    try {
      ws = new WebSocket(scheme + location.host + '/ws');
    } catch (e) {
      scheduleReconnect();
      return;
    }
    state.ws = ws;
    state.subscribed = new Set();
    ws.onopen = () => send({ type: 'hello', protocol: 1, token });
    ws.onmessage = (e) => {
      let msg;
      try { msg = JSON.parse(e.data); } catch (err) { return; }
      handle(msg);
    };
    ws.onerror = () => {}; // onclose follows
    ws.onclose = (e) => {
      if (state.ws === ws) state.ws = null;
      if (e.code === 4401 && /unauthorized/.test(e.reason || '')) {
        state.stopped = true;
        $('banner').hidden = true;
        setConnection('not connected', false);
        notice('The access token in this page\'s address is not accepted. Copy the monitor URL again from Dataset Studio.');
        return;
      }
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    $('banner').hidden = false;
    setConnection('reconnecting…', false);
    const delay = backoffMs[Math.min(state.attempt, backoffMs.length - 1)];
    state.attempt += 1;
    setTimeout(connect, delay);
  }

  function subscribe(channel, withSince) {
    if (state.subscribed.has(channel)) return;
    if (channel !== 'datasets' && state.subscribed.size > maxProgressChannels) return;
    state.subscribed.add(channel);
    const message = { type: 'subscribe', channel };
    if (withSince && state.lastSeq.has(channel)) message.since = state.lastSeq.get(channel);
    send(message);
  }

  function handle(msg) {
    switch (msg.type) {
      case 'welcome':
        state.attempt = 0;
        debug.connections += 1;
        $('banner').hidden = true;
        notice('');
        setConnection('live', true);
        if (state.instance !== null && msg.instance !== state.instance) state.lastSeq.clear(); // server restarted
        state.instance = msg.instance;
        subscribe('datasets', false); // its snapshot is the whole catalog
        for (const id of state.datasets.keys()) subscribe(progressChannel(id), true);
        break;
      case 'subscribed':
        onSubscribed(msg);
        break;
      case 'event':
        onEvent(msg);
        break;
      case 'error':
        if (msg.code === 'too_many_subscriptions') notice('Too many datasets to follow them all live; some cards update only on status changes.');
        break;
      default:
        break;
    }
  }

  function onSubscribed(msg) {
    const channel = msg.channel;
    if (channel === 'datasets') {
      const list = (msg.snapshot && msg.snapshot.datasets) || [];
      const seen = new Set();
      for (const summary of list) {
        seen.add(String(summary.id));
        upsertSummary(summary);
      }
      for (const id of [...state.datasets.keys()]) if (!seen.has(id)) removeDataset(id);
      state.lastSeq.set(channel, msg.seq);
      render();
      return;
    }
    const last = state.lastSeq.get(channel);
    if (msg.replayed > 0) return; // the missed events follow, in order
    if (last === undefined || msg.seq > last) {
      if (msg.snapshot) applyProgress(msg.snapshot, eventOfStatus(msg.snapshot.status));
      state.lastSeq.set(channel, msg.seq);
    }
  }

  function eventOfStatus(status) {
    if (status === 'ready') return 'completed';
    if (status === 'error') return 'error';
    return 'progress';
  }

  function onEvent(msg) {
    const last = state.lastSeq.get(msg.channel);
    if (last !== undefined && msg.seq <= last) {
      debug.duplicates += 1;
      return;
    }
    state.lastSeq.set(msg.channel, msg.seq);
    debug.applied.push({ instance: state.instance, channel: msg.channel, seq: msg.seq, event: msg.event });
    if (msg.channel === 'datasets') {
      if (msg.event === 'deleted') removeDataset(String(msg.data.id));
      else upsertSummary(msg.data);
      render();
      return;
    }
    applyProgress(msg.data, msg.event);
  }

  function upsertSummary(summary) {
    const id = String(summary.id);
    let view = state.datasets.get(id);
    if (!view) {
      view = { id, tokenizations: new Map() };
      state.datasets.set(id, view);
    }
    const sameRun = view.status === summary.status && active.has(summary.status);
    const keep = sameRun && typeof view.progress === 'number' && view.progress > summary.progress ? view.progress : null;
    Object.assign(view, {
      name: summary.name, source: summary.source, repo_id: summary.repo_id, config: summary.config,
      split: summary.split, source_path: summary.source_path, status: summary.status,
      progress: keep !== null ? keep : summary.progress, message: keep !== null ? view.message : summary.message,
      num_samples: summary.num_samples, size_bytes: summary.size_bytes, error_message: summary.error_message,
    });
    subscribe(progressChannel(id), true);
    renderCard(view);
  }

  function removeDataset(id) {
    state.datasets.delete(id);
    const card = document.querySelector(`.card[data-id="${CSS.escape(id)}"]`);
    if (card) card.remove();
    if (state.subscribed.delete(progressChannel(id))) send({ type: 'unsubscribe', channel: progressChannel(id) });
  }

  function applyProgress(data, event) {
    const id = String(data.dataset_id);
    const view = state.datasets.get(id);
    if (!view) return; // its card arrives with the `datasets` channel
    if (data.job === 'tokenize') {
      const tid = String(data.tokenization_id || data.job_id);
      const t = view.tokenizations.get(tid) || {};
      t.status = event === 'completed' ? 'ready' : event === 'error' ? 'error' : 'processing';
      if (typeof data.progress === 'number') t.progress = data.progress;
      if (event === 'completed') t.progress = 100;
      t.message = data.message || '';
      view.tokenizations.set(tid, t);
      renderCard(view);
      return;
    }
    if (event === 'completed') {
      view.status = 'ready';
      view.progress = 100;
      if (typeof data.num_samples === 'number') view.num_samples = data.num_samples;
      if (typeof data.size_bytes === 'number') view.size_bytes = data.size_bytes;
      view.error_message = null;
    } else if (event === 'error') {
      view.status = data.status || 'error';
      view.error_message = data.message || 'failed';
    } else {
      view.status = data.status || view.status;
      if (typeof data.progress === 'number') view.progress = data.progress;
      view.error_message = null;
    }
    if (data.message) view.message = data.message;
    renderCard(view);
    render();
  }

  function formatCount(n) { return Number(n).toLocaleString('en-US'); }
  function formatBytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let v = Number(n);
    let i = 0;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i += 1; }
    return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
  }
  function sourceText(view) {
    if (view.source === 'hub') return [view.repo_id, view.config, view.split].filter(Boolean).join(' · ');
    return view.source_path || view.source || '';
  }

  function setBar(bar, label, percent) {
    const p = Math.max(0, Math.min(100, Number(percent) || 0));
    const text = p.toFixed(1);
    bar.setAttribute('aria-valuenow', text);
    bar.firstElementChild.style.width = `${p}%`;
    label.textContent = `${text}%`;
  }

  function cardOf(view) {
    let card = document.querySelector(`.card[data-id="${CSS.escape(view.id)}"]`);
    if (!card) {
      card = $('card-template').content.firstElementChild.cloneNode(true);
      card.dataset.id = view.id;
      $('cards').appendChild(card);
    }
    return card;
  }

  function renderCard(view) {
    const card = cardOf(view);
    card.className = `card ${view.status}`;
    card.querySelector('.name').textContent = view.name || `Dataset ${view.id}`;
    const badge = card.querySelector('.badge');
    badge.className = `badge ${view.status}`;
    badge.textContent = view.status;
    card.querySelector('.source').textContent = sourceText(view);
    const bar = card.querySelector('.bar');
    bar.setAttribute('aria-label', `${view.name || 'dataset'} progress`);
    setBar(bar, card.querySelector('.percent'), view.progress);
    card.querySelector('.message').textContent = view.message || '';
    const facts = [];
    if (typeof view.num_samples === 'number' && view.num_samples >= 0) facts.push(`${formatCount(view.num_samples)} samples`);
    if (typeof view.size_bytes === 'number' && view.size_bytes >= 0) facts.push(formatBytes(view.size_bytes));
    card.querySelector('.facts').textContent = facts.join(' · ');
    const errorBox = card.querySelector('.error-box');
    const failed = view.status === 'error' && view.error_message;
    errorBox.hidden = !failed;
    errorBox.textContent = failed ? view.error_message : '';
    const list = card.querySelector('.tokenizations');
    list.replaceChildren();
    for (const [tid, t] of view.tokenizations) {
      const li = document.createElement('li');
      li.dataset.tokenization = tid;
      const head = document.createElement('div');
      head.textContent = `Tokenization ${tid}: ${t.message || t.status}`;
      const row = $('card-template').content.querySelector('.progress-row').cloneNode(true);
      row.querySelector('.bar').setAttribute('aria-label', `tokenization ${tid} progress`);
      setBar(row.querySelector('.bar'), row.querySelector('.percent'), t.progress);
      li.append(head, row);
      list.appendChild(li);
    }
  }

  // Active datasets first, then the newest.
  function render() {
    const views = [...state.datasets.values()].sort((a, b) => {
      const aa = active.has(a.status) ? 0 : 1;
      const bb = active.has(b.status) ? 0 : 1;
      return aa - bb || Number(b.id) - Number(a.id);
    });
    const list = $('cards');
    views.forEach((view, i) => {
      const card = cardOf(view);
      if (list.children[i] !== card) list.insertBefore(card, list.children[i] || null);
    });
    $('empty').hidden = views.length > 0;
  }

  if (!token) notice('This page needs the monitor URL with its access token (…/#token=…), as Dataset Studio shows it.');
  connect();
})();
