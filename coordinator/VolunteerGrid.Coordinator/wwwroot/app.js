// VolunteerGrid dashboard: plain JavaScript, no build step. Reads the coordinator's JSON API with the
// API key in the X-Api-Key header (kept in sessionStorage), and follows the overview over
// Server-Sent Events read with fetch (EventSource cannot send headers).
'use strict';

const API = '/api/v1';
const KEY_STORE = 'vgrid.apiKey';
const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem(KEY_STORE);
let stream = null;
let forms = [];

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

/** Calls the API; a non-2xx answer throws an Error carrying the ProblemDetails detail. */
async function api(path, options = {}) {
  const headers = Object.assign({ 'X-Api-Key': apiKey }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const problem = await response.json();
      message = problem.detail || problem.title || message;
    } catch { /* not JSON */ }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return response;
}

// ---- login -------------------------------------------------------------------------------------
$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  apiKey = $('api-key').value.trim();
  try {
    await start();
    sessionStorage.setItem(KEY_STORE, apiKey);
  } catch (e) {
    $('login-error').textContent = e.status === 401 ? 'That API key is not known to this coordinator.' : e.message;
    apiKey = null;
  }
});

$('logout').addEventListener('click', () => {
  sessionStorage.removeItem(KEY_STORE);
  location.reload();
});

async function start() {
  const overview = await (await api(`${API}/dashboard/overview`)).json();
  $('login-panel').hidden = true;
  $('main').hidden = false;
  $('logout').hidden = false;
  render(overview);
  follow();
  loadForms();
}

// ---- live updates (SSE over fetch) ---------------------------------------------------------------
async function follow() {
  if (stream) stream.abort();
  stream = new AbortController();
  const signal = stream.signal;
  while (!signal.aborted) {
    try {
      const response = await api(`${API}/dashboard/stream`, { signal });
      $('live').textContent = 'live';
      $('live').classList.add('on');
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = (block.match(/^event: (.*)$/m) || [])[1];
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (event === 'overview' && data) render(JSON.parse(data));
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e.status === 401) { sessionStorage.removeItem(KEY_STORE); location.reload(); return; }
    }
    $('live').textContent = 'reconnecting';
    $('live').classList.remove('on');
    await new Promise((r) => setTimeout(r, 2000));
  }
}

// ---- rendering ------------------------------------------------------------------------------------
const fmtTime = (t) => (t ? new Date(t).toLocaleString() : '');
const productPath = (name) => name.split('/').map(encodeURIComponent).join('/');
const pct = (x) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

function render(o) {
  $('who').textContent = `${o.caller.owner} (${o.caller.role.toLowerCase()})`;
  renderCampaigns(o.campaigns, o.caller);
  renderThroughput(o.throughput);
  renderHosts(o.hosts, o.caller);
  const a = o.agreement;
  $('agreement').textContent = pct(a.rate);
  $('agreement-detail').textContent = `${a.valid} results agreed with their quorum, ${a.invalid} did not`;
  $('leaderboard').tBodies[0].replaceChildren(...o.leaderboard.map((l) =>
    el('tr', {}, el('td', {}, l.rank), el('td', {}, l.host + (l.account ? ` (${l.account})` : '')), el('td', {}, l.validResults), el('td', {}, l.validatedWork.toFixed(2)))));
}

function renderCampaigns(campaigns, caller) {
  $('campaigns-empty').hidden = campaigns.length > 0;
  const body = $('campaigns').tBodies[0];
  // Rows are rebuilt, but an armed cancel button keeps its state across updates.
  const armed = new Set([...body.querySelectorAll('button.cancel.armed')].map((b) => b.dataset.id));
  body.replaceChildren(...campaigns.map(({ campaign: c, products, canCancel }) => {
    const total = c.stages.reduce((s, x) => s + x.pending + x.inProgress + x.validating + x.done + x.failed, 0);
    const done = c.stages.reduce((s, x) => s + x.done, 0);
    const fraction = total > 0 ? done / total : 0;
    const stageText = c.stages.map((s) => `${s.stage}: ${s.done}/${s.pending + s.inProgress + s.validating + s.done + s.failed}`).join('\n');
    const downloads = el('td', {},
      products.map((p) => [
        el('button', { class: 'link download', type: 'button', title: `${p.size} bytes, sha256 ${p.sha256}`, onclick: () => download(`${API}/campaigns/${c.id}/products/${productPath(p.name)}`, p.name.split('/').pop()) }, p.name),
        p.previewable ? el('button', { class: 'link preview', type: 'button', onclick: () => preview(c, p) }, '(preview)') : null,
      ]),
      el('button', { class: 'link logs', type: 'button', onclick: () => downloadLogs(c.id) }, 'log'),
      c.state === 'Completed' ? el('button', { class: 'link', type: 'button', onclick: () => download(`${API}/campaigns/${c.id}/provenance`, 'provenance.json') }, 'provenance') : null);
    const cancel = canCancel ? el('button', { class: 'cancel' + (armed.has(c.id) ? ' armed' : ''), type: 'button', 'data-id': c.id, onclick: (e) => cancelCampaign(e.target, c.id) },
      armed.has(c.id) ? 'Confirm cancel' : 'Cancel') : null;
    return el('tr', { 'data-campaign-id': c.id },
      el('td', { title: c.id }, c.name || c.id.slice(0, 8), c.public ? ' (public)' : ''),
      el('td', {}, c.kind),
      el('td', {}, c.owner),
      el('td', { class: `state state-${c.state}`, title: c.failureReason || '' }, c.state),
      el('td', {}, el('div', { class: 'progress', title: stageText, 'data-done': done, 'data-total': total },
        el('div', { class: 'bar', style: `width:${(100 * fraction).toFixed(1)}%` }), el('span', { class: 'label' }, `${done}/${total} units`))),
      el('td', {}, c.resultsPerSecond.toFixed(2)),
      el('td', {}, fmtTime(c.createdAt)),
      el('td', {}, fmtTime(c.finishedAt)),
      downloads,
      el('td', {}, cancel));
  }));
}

function renderThroughput(series) {
  const svg = $('throughput');
  const [W, H, left, bottom, top] = [720, 200, 40, 20, 10];
  const points = series.points;
  const max = Math.max(0.01, ...points.map((p) => Math.max(p.resultsPerSecond, p.unitsPerSecond)));
  const x = (i) => left + (i * (W - left - 10)) / Math.max(1, points.length - 1);
  const y = (v) => H - bottom - (v / max) * (H - bottom - top);
  const ns = 'http://www.w3.org/2000/svg';
  const node = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const line = (cls, key) => node('polyline', { class: cls, 'data-max': Math.max(...points.map((p) => p[key])),
    points: points.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ') });
  svg.replaceChildren(
    node('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - 10, y2: H - bottom }),
    node('line', { class: 'axis', x1: left, y1: top, x2: left, y2: H - bottom }),
    node('text', { x: 2, y: top + 8 }, max.toFixed(2)),
    node('text', { x: 2, y: H - bottom }, '0'),
    node('text', { x: left, y: H - 4 }, `-${Math.round((points.length * series.bucketSeconds) / 60)} min`),
    node('text', { x: W - 40, y: H - 4 }, 'now'),
    line('units', 'unitsPerSecond'),
    line('results', 'resultsPerSecond'));
  const last = points[points.length - 1];
  $('throughput-now').textContent = last ? ` — now ${last.resultsPerSecond.toFixed(2)} results/s, ${last.unitsPerSecond.toFixed(2)} units/s (${series.bucketSeconds} s buckets)` : '';
}

function renderHosts(hosts, caller) {
  $('hosts').tBodies[0].replaceChildren(...hosts.map((h) => el('tr', {},
    el('td', {}, h.name), el('td', {}, h.account || (caller.role === 'Admin' ? '' : '–')), el('td', {}, h.active ? '●' : '○'),
    el('td', {}, h.inProgress), el('td', {}, h.validResults), el('td', {}, h.invalidResults), el('td', {}, h.errorResults),
    el('td', {}, pct(h.reliability)), el('td', {}, pct(h.errorRate)))));
}

// ---- actions --------------------------------------------------------------------------------------
async function cancelCampaign(button, id) {
  if (!button.classList.contains('armed')) {
    // Two clicks: a stray click must not end someone's campaign.
    button.classList.add('armed');
    button.textContent = 'Confirm cancel';
    setTimeout(() => { button.classList.remove('armed'); button.textContent = 'Cancel'; }, 5000);
    return;
  }
  button.disabled = true;
  try {
    await api(`${API}/campaigns/${id}/cancel`, { method: 'POST' });
  } catch (e) {
    alert(`Cancel failed: ${e.message}`);
  }
}

async function download(url, name) {
  const blob = await (await api(url)).blob();
  saveBlob(blob, name);
}

async function downloadLogs(id) {
  const lines = await (await api(`${API}/campaigns/${id}/logs`)).json();
  saveBlob(new Blob([lines.join('\n') + '\n'], { type: 'text/plain' }), `campaign-${id}.log`);
}

function saveBlob(blob, name) {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

async function preview(campaign, product) {
  $('preview').hidden = false;
  $('preview-title').textContent = `${campaign.name || campaign.id}: ${product.name} (asinh stretch)`;
  try {
    const blob = await (await api(`${API}/campaigns/${campaign.id}/previews/${productPath(product.name)}`)).blob();
    $('preview-image').src = URL.createObjectURL(blob);
  } catch (e) {
    $('preview-title').textContent = `No preview: ${e.message}`;
  }
}

// ---- submit forms -------------------------------------------------------------------------------
async function loadForms() {
  forms = await (await api(`${API}/dashboard/forms`)).json();
  const stored = await (await api(`${API}/dashboard/products`)).json();
  $('submit-kind').replaceChildren(...forms.map((f) => el('option', { value: f.kind }, `${f.kind} — ${f.title}`)));
  $('submit-kind').onchange = () => drawForm(stored);
  drawForm(stored);
}

function valueAt(obj, path) { return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj); }
function setAt(obj, path, value) {
  const keys = path.split('.');
  const last = keys.pop();
  keys.reduce((o, k) => (o[k] = o[k] ?? {}), obj)[last] = value;
}

function drawForm(stored) {
  const form = forms.find((f) => f.kind === $('submit-kind').value);
  $('submit-fields').replaceChildren(...form.fields.map((f) => {
    const current = valueAt(form.defaults, f.path);
    let input;
    if (f.type === 'Boolean') input = el('input', { type: 'checkbox', checked: current === true });
    else if (f.type === 'Select') {
      input = el('select', {}, f.options.map((o, i) => el('option', { value: i, selected: JSON.stringify(o.value) === JSON.stringify(current) }, o.label)));
    } else {
      input = el('input', { type: f.type === 'Text' ? 'text' : 'number', step: f.type === 'Integer' ? '1' : 'any', value: current ?? '', placeholder: f.optional ? 'optional' : '' });
    }
    input.dataset.path = f.path;
    return el('label', { class: f.type === 'Boolean' ? 'inline' : '' }, f.type === 'Boolean' ? [input, f.label] : [f.label, input]);
  }));
  $('submit-inputs').replaceChildren(...form.inputs.map((i) => el('label', {}, `${i.label}${i.required ? ' *' : ''}`,
    el('input', { type: 'file', multiple: i.multiple, accept: i.accept, 'data-role': i.role }),
    el('select', { multiple: i.multiple, 'data-role': i.role, 'data-stored': '', title: 'or choose stored products (by hash)' },
      i.multiple ? null : el('option', { value: '' }, '— or a stored product —'),
      stored.map((p) => el('option', { value: `${p.sha256}|${p.name}` }, `${p.campaignName || p.campaignId.slice(0, 8)} / ${p.name}`))))));
}

function inputName(role, fileName) {
  if (role.fixedName) return role.fixedName;
  if (role.namePrefix) return role.namePrefix + fileName.split('.').pop().toLowerCase();
  return fileName;
}

$('submit').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('submit-status');
  status.className = '';
  const form = forms.find((f) => f.kind === $('submit-kind').value);
  try {
    const parameters = structuredClone(form.defaults);
    for (const f of form.fields) {
      const input = $('submit-fields').querySelector(`[data-path="${f.path}"]`);
      let value;
      if (f.type === 'Boolean') value = input.checked;
      else if (f.type === 'Select') value = f.options[Number(input.value)].value;
      else if (input.value === '') value = f.optional ? null : undefined;
      else value = f.type === 'Text' ? input.value : Number(input.value);
      if (value === undefined) throw new Error(`${f.label}: give a value.`);
      setAt(parameters, f.path, value);
    }
    const inputs = {};
    for (const role of form.inputs) {
      const names = [];
      const files = [...$('submit-inputs').querySelector(`input[data-role="${role.role}"]`).files];
      for (const file of files) {
        status.textContent = `uploading ${file.name}…`;
        const stored = await (await api(`${API}/files`, { method: 'POST', body: file })).json();
        const name = inputName(role, file.name);
        inputs[name] = stored.sha256;
        names.push(name);
      }
      const picked = [...$('submit-inputs').querySelector(`select[data-role="${role.role}"]`).selectedOptions].map((o) => o.value).filter((v) => v);
      for (const value of picked) {
        const [sha256, productName] = value.split('|');
        const name = inputName(role, productName);
        inputs[name] = sha256;
        names.push(name);
      }
      if (role.required && names.length === 0) throw new Error(`${role.label}: choose a file to upload or a stored product.`);
      if (role.parameterPath) setAt(parameters, role.parameterPath, names);
    }
    const quorum = Number($('submit-quorum').value || 2);
    const request = {
      kind: form.kind, parameters, inputs,
      quorum: { minQuorum: quorum, targetResults: quorum, maxTotalResults: Math.max(6, quorum * 3), maxErrorResults: 3 },
      priority: Number($('submit-priority').value || 0),
      public: $('submit-public').checked,
      deadlineSeconds: $('submit-deadline').value ? Number($('submit-deadline').value) : null,
      webhook: $('submit-webhook').value || null,
      name: $('submit-name').value || null,
    };
    status.textContent = 'submitting…';
    const summary = await (await api(`${API}/campaigns`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) })).json();
    status.textContent = `Submitted campaign ${summary.id}.`;
  } catch (e) {
    status.className = 'error';
    status.textContent = e.message;
  }
});

if (apiKey) start().catch(() => { sessionStorage.removeItem(KEY_STORE); apiKey = null; });
