// The console's only way to the daemon: the /v1 API, with the user's token (if any) on every request.

const TOKEN_KEY = 'qubitd.token';

export function token() { return localStorage.getItem(TOKEN_KEY) || ''; }

export function setToken(value) {
  if (value) localStorage.setItem(TOKEN_KEY, value);
  else localStorage.removeItem(TOKEN_KEY);
}

function headers(extra = {}) {
  const h = { ...extra };
  if (token()) h['Authorization'] = 'Bearer ' + token();
  return h;
}

/** GET or send JSON; resolves to the parsed body, rejects with the server's {"error": ...} text. */
export async function api(path, { method = 'GET', body } = {}) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  if (!res.ok) {
    const err = new Error((json && json.error) || (res.status + ' ' + res.statusText));
    err.status = res.status;
    throw err;
  }
  return json;
}

/**
 * Follows a server-sent event stream through fetch (so the Authorization header goes with it),
 * calling onEvent with each parsed data object. Reconnects after a pause when the stream ends,
 * unless it ended because the stream was final (finite streams: pass reconnect = false).
 * Returns a function that stops it.
 */
export function follow(path, onEvent, { reconnect = true, onState = () => {} } = {}) {
  let stopped = false;
  let controller = null;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!res.ok) throw new Error(res.status + ' ' + res.statusText);
        onState(true);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
            if (data) {
              try { onEvent(JSON.parse(data)); } catch (e) { console.warn('bad event', data, e); }
            }
          }
        }
      } catch (e) {
        if (stopped) return;
        onState(false);
      }
      if (!reconnect) return;
      await new Promise(r => setTimeout(r, 2000));
    }
  }
  run();
  return () => { stopped = true; if (controller) controller.abort(); };
}

/** Runs fn now and every ms milliseconds until the returned function is called. */
export function every(ms, fn) {
  let timer = null;
  let stopped = false;
  async function tick() {
    try { await fn(); } catch (e) { console.warn(e); }
    if (!stopped) timer = setTimeout(tick, ms);
  }
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

const truthPause = new Map();

/**
 * A chip's truth now, or null. A backend that has none (the simulator) is not asked again; one that
 * could not answer (busy, or a chip on another cluster node) is left alone for a minute.
 */
export async function truthOf(backend) {
  if ((truthPause.get(backend) || 0) > Date.now()) return null;
  try {
    return await api(`/v1/backends/${encodeURIComponent(backend)}/truth`);
  } catch (e) {
    truthPause.set(backend, e.status === 404 ? Infinity : Date.now() + 60000);
    return null;
  }
}
