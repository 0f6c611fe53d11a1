/**
 * In-page instrumentation for the Chromium UI benchmark (bench/ui.bench.ts), as plain JavaScript
 * source: added with `addInitScript` / evaluated over the DevTools protocol, so the app's CSP (no
 * inline script) is untouched and nothing is transpiled (tsx would add helpers the page lacks).
 *
 * Times are the page's own clock (performance.now / event.timeStamp, one time base). "Painted" is
 * the end of the frame's main-thread rendering: a message posted from the requestAnimationFrame
 * callback of the first frame whose DOM holds the expected state runs after that frame's style,
 * layout and paint were committed to the compositor. Raster and display that follow on the
 * compositor/GPU side are not included — the same for the app and its baseline.
 */

/** One measured keystroke (page clock, ms). */
export interface KeystrokeSample {
  q: string;
  /** keydown's timeStamp: when the browser received the key. */
  t0: number;
  tInput: number;
  /** The search request left the page (app only: the bridge's WebSocket send). */
  tSend?: number;
  /** Its answer arrived (app only). */
  tRecv?: number;
  /** The DOM first held the new results (mutation observed). */
  tCommit: number;
  /** That frame's requestAnimationFrame time. */
  tFrame: number;
  /** That frame's rendering done ("painted"). */
  tPaint: number;
}

/** One measured open (page clock, ms). */
export interface OpenSample {
  t0: number;
  tPaint: number;
  frames: number;
}

/**
 * Installs `window.__uiProbe` before any page script: a keydown→paint probe for the search box, a
 * WebSocket wrapper that timestamps the bridge's `vault:searchPage` round trip and can deliver a
 * main-process event (`ui:focusSearch`) through the page's real bridge socket, and the tray
 * hide/show cycle.
 */
export const PROBE_INIT_SCRIPT = String.raw`
(() => {
  const probe = {
    mode: 'app',
    armed: false,
    pending: null,
    samples: [],
    opens: [],
    sockets: [],
    hidden: false,
    waiters: [],
  };
  window.__uiProbe = probe;

  // The bridge's socket: time the search round trip; allow delivering a main-process event.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      probe.sockets.push(this);
      this.addEventListener('message', (event) => {
        const p = probe.pending;
        if (p && p.tSend !== undefined && p.tRecv === undefined && typeof event.data === 'string' && event.data.startsWith('{"t":"result"')) p.tRecv = performance.now();
      });
    }
    send(data) {
      const p = probe.pending;
      if (p && p.tSend === undefined && typeof data === 'string' && data.includes('"vault:searchPage"')) p.tSend = performance.now();
      super.send(data);
    }
  };
  probe.deliverEvent = (event, payload) => {
    const socket = probe.sockets[probe.sockets.length - 1];
    if (!socket) return false;
    socket.dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ t: 'event', event, payload }) }));
    return true;
  };

  const search = () => document.querySelector('input[role="combobox"], input#baseline-search');
  // The state the user waits for after typing q.
  probe.isReady = (q) => {
    const input = search();
    if (!input || input.value !== q) return false;
    if (probe.mode === 'baseline') return document.body.dataset.q === q;
    const count = document.querySelector('.result-count');
    // The rows on screen answer q (the app keeps the previous rows until q's answer arrives).
    if (!count || count.dataset.resultsFor !== q) return false;
    return !document.querySelector('[role="option"][aria-busy="true"]');
  };
  // The state a warm open waits for: rows on screen, the search box focused with its text selected
  // (what the popup does on 'ui:focusSearch', so a stale frame cannot pass).
  probe.isOpenReady = () => {
    if (probe.mode === 'blank') return true;
    const input = search();
    if (!input || document.activeElement !== input || !document.querySelector('[role="option"]')) return false;
    return input.selectionStart === 0 && input.selectionEnd === input.value.length;
  };

  const settle = () => {
    for (const resolve of probe.waiters.splice(0)) resolve();
  };
  // Resolves when the pending keystroke (if any) has been measured.
  probe.whenMeasured = () => (probe.pending ? new Promise((resolve) => probe.waiters.push(resolve)) : Promise.resolve());

  const afterPaint = (done) =>
    requestAnimationFrame((frameTime) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(frameTime, performance.now());
      channel.port2.postMessage(0);
    });

  const check = () => {
    const p = probe.pending;
    if (!p || p.q === undefined || p.tCommit !== undefined) return;
    if (!probe.isReady(p.q)) return;
    p.tCommit = performance.now();
    afterPaint((frameTime, paintTime) => {
      p.tFrame = frameTime;
      p.tPaint = paintTime;
      probe.samples.push(p);
      probe.pending = null;
      settle();
    });
  };
  document.addEventListener('keydown', (event) => {
    if (probe.armed && !event.repeat) probe.pending = { t0: event.timeStamp };
  }, true);
  document.addEventListener('input', (event) => {
    const p = probe.pending;
    if (!p) return;
    p.q = event.target.value;
    p.tInput = event.timeStamp;
    // No check here: this listener runs before the page's own, while the screen shows the old list.
  }, true);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  // The tray popup is hidden, not closed: emulate with visibility (what the page is told) and
  // CSS visibility (nothing of it is painted), keeping its layout as a hidden window does.
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (probe.hidden ? 'hidden' : 'visible') });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => probe.hidden });
  const frames = (n) => new Promise((resolve) => {
    const step = (left) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
    step(n);
  });
  probe.hide = async () => {
    const input = search();
    if (input && input.value) input.setSelectionRange(input.value.length, input.value.length);
    probe.hidden = true;
    document.documentElement.style.visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    await frames(3);
  };
  // Shows again and resolves with the time to the first painted frame holding the list.
  probe.show = (sendFocusEvent) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      probe.hidden = false;
      document.documentElement.style.visibility = '';
      document.dispatchEvent(new Event('visibilitychange'));
      // Main sends 'ui:focusSearch' after window.show(): it reaches the page as a separate task.
      if (sendFocusEvent) setTimeout(() => probe.deliverEvent('ui:focusSearch', {}), 0);
      let count = 0;
      const tick = () => {
        count++;
        if (!probe.isOpenReady()) return requestAnimationFrame(tick);
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          const sample = { t0, tPaint: performance.now(), frames: count };
          probe.opens.push(sample);
          resolve(sample);
        };
        channel.port2.postMessage(0);
      };
      requestAnimationFrame(tick);
    });
})();
`;

/**
 * The list-update baseline, evaluated in a blank page: a search box, a count line and `rows` plain
 * rows styled like the app's (two lines, 3.75rem), over the same names. Each input filters with
 * `includes` and rewrites the rows' text synchronously — no bridge, ranking, virtualisation or
 * framework: what the browser itself needs to show a new list after a keystroke.
 */
export const BASELINE_LIST_SCRIPT = String.raw`
(({ names, rows }) => {
  window.__uiProbe.mode = 'baseline';
  document.head.innerHTML = '<style>body{margin:0;font:14px system-ui,sans-serif}input{width:100%;box-sizing:border-box;font-size:1rem;padding:.5rem}.list{position:relative;height:320px;overflow:auto}.row{height:3.75rem;padding:.25rem .75rem;box-sizing:border-box;border-bottom:1px solid #ddd}.row span{display:block}.meta{color:#555;font-size:.85em}</style>';
  document.body.innerHTML = '<input id="baseline-search" aria-label="Search" autocomplete="off"><p id="count"></p><div class="list" id="list"></div>';
  const list = document.getElementById('list');
  const count = document.getElementById('count');
  const cells = [];
  for (let i = 0; i < rows; i++) {
    const row = document.createElement('div');
    row.className = 'row';
    const name = document.createElement('span');
    const meta = document.createElement('span');
    meta.className = 'meta';
    row.append(name, meta);
    list.append(row);
    cells.push([name, meta]);
  }
  const lower = names.map((n) => n.toLowerCase());
  const input = document.getElementById('baseline-search');
  const render = () => {
    const q = input.value.toLowerCase();
    const hits = [];
    for (let i = 0; i < names.length; i++) if (lower[i].includes(q)) hits.push(i);
    count.textContent = hits.length.toLocaleString() + ' secrets';
    cells.forEach(([name, meta], i) => {
      name.textContent = i < hits.length ? names[hits[i]] : '';
      meta.textContent = i < hits.length ? 'Contoso · kv-contoso-network' : '';
    });
    document.body.dataset.q = input.value;
  };
  input.addEventListener('input', render);
  render();
  input.focus();
})
`;

/** The tray-open baseline: a blank page (one line of text) shown again. */
export const BLANK_PAGE_SCRIPT = String.raw`
(() => {
  window.__uiProbe.mode = 'blank';
  document.body.textContent = 'JIT Vault';
})
`;
