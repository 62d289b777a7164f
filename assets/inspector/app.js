// The inspector page: the agent graph, every call through the local endpoint as it
// happens (a tree of hops per request), and a form that sends a prompt to any agent.
// Plain DOM, no build step; every text from a call is set as text, never as markup.

const token = document.querySelector('meta[name="agentcore-local-token"]').content;
const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

/** Every hop by id, as the endpoint reported it. */
const hops = new Map();
/** Which requests the user opened, by root hop id. */
const open = new Set();
let system;

main();

async function main() {
  system = await (await fetch('/inspector/api/system')).json();
  $('system-name').textContent = `${system.name} · ${system.region}`;
  drawGraph();
  fillForm();
  listen();
}

function listen() {
  const events = new EventSource('/inspector/api/events');
  events.addEventListener('open', () => setConnection('live', 'ok'));
  events.addEventListener('error', () => setConnection('reconnecting…', 'failed'));
  events.addEventListener('snapshot', (e) => {
    hops.clear();
    for (const hop of JSON.parse(e.data).hops) hops.set(hop.id, hop);
    render();
  });
  events.addEventListener('hop', (e) => {
    const hop = JSON.parse(e.data);
    hops.set(hop.id, hop);
    render();
  });
}

function setConnection(text, state) {
  const pill = $('connection');
  pill.textContent = text;
  pill.dataset.state = state;
}

// ---- the agent graph ---------------------------------------------------------------

const BOX = { width: 150, height: 44, gapX: 24, gapY: 56 };

function drawGraph() {
  const svg = $('graph');
  const widest = Math.max(...system.rows.map((row) => row.length));
  const width = widest * (BOX.width + BOX.gapX) + BOX.gapX;
  const height = system.rows.length * (BOX.height + BOX.gapY) - BOX.gapY / 2;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const at = new Map();
  system.rows.forEach((row, r) => {
    const offset = (width - row.length * (BOX.width + BOX.gapX) + BOX.gapX) / 2;
    row.forEach((name, i) => {
      at.set(name, {
        x: offset + i * (BOX.width + BOX.gapX),
        y: BOX.gapY / 4 + r * (BOX.height + BOX.gapY),
      });
    });
  });
  const defs = el('defs');
  const marker = el('marker', {
    id: 'arrow',
    viewBox: '0 0 10 10',
    refX: 10,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: 'auto-start-reverse',
  });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' }));
  defs.append(marker);
  svg.append(defs);
  for (const agent of system.agents) {
    for (const callee of agent.calls) {
      const from = at.get(agent.name);
      const to = at.get(callee);
      if (!from || !to) continue;
      svg.append(
        el('line', {
          x1: from.x + BOX.width / 2,
          y1: from.y + BOX.height,
          x2: to.x + BOX.width / 2,
          y2: to.y,
          class: 'edge',
          'data-edge': `${agent.name}>${callee}`,
          'marker-end': 'url(#arrow)',
        }),
      );
    }
  }
  for (const agent of system.agents) {
    const { x, y } = at.get(agent.name) ?? { x: 0, y: 0 };
    const node = el('g', { class: `node ${agent.role}`, 'data-agent': agent.name });
    const title = el('title');
    title.textContent = `${agent.name} (${agent.protocol}, ${agent.model})\n${agent.description}\n${agent.arn}`;
    node.append(title, el('rect', { x, y, width: BOX.width, height: BOX.height, rx: 8 }));
    const name = el('text', { x: x + BOX.width / 2, y: y + 19, class: 'name' });
    name.textContent = agent.name;
    const kind = el('text', { x: x + BOX.width / 2, y: y + 35, class: 'kind' });
    kind.textContent = `${agent.protocol} · ${agent.model}`;
    node.append(name, kind);
    svg.append(node);
  }
}

function el(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** Agents with a call in progress glow in the graph. */
function markBusy() {
  const busy = new Set([...hops.values()].filter((h) => h.state === 'running').map((h) => h.agent));
  for (const node of document.querySelectorAll('#graph .node')) {
    node.classList.toggle('busy', busy.has(node.dataset.agent));
  }
}

// ---- requests --------------------------------------------------------------------

function render() {
  markBusy();
  const roots = [...hops.values()]
    .filter((h) => !h.parentId || !hops.has(h.parentId))
    .sort((a, b) => b.startedAt - a.startedAt);
  $('empty').hidden = roots.length > 0;
  const list = $('requests');
  list.replaceChildren(...roots.map(requestItem));
  const spent = roots.reduce((sum, h) => sum + (h.totalUsage?.totalTokens ?? 0), 0);
  $('totals').textContent = roots.length
    ? `${roots.length} · ${spent.toLocaleString('en-US')} tokens`
    : '';
  fillSessions(roots);
}

function childrenOf(id) {
  return [...hops.values()]
    .filter((h) => h.parentId === id)
    .sort((a, b) => a.startedAt - b.startedAt);
}

function requestItem(root) {
  const item = document.createElement('li');
  item.className = `request ${root.state}`;
  item.dataset.hop = root.id;
  const details = document.createElement('details');
  details.open = open.has(root.id);
  details.addEventListener('toggle', () => {
    if (details.open) open.add(root.id);
    else open.delete(root.id);
  });
  const summary = document.createElement('summary');
  summary.append(
    span('agent', root.agent),
    span('prompt', root.prompt),
    ...facts(root, true),
    span('when', new Date(root.startedAt).toLocaleTimeString()),
  );
  const tree = document.createElement('ul');
  tree.className = 'tree';
  tree.append(hopItem(root, undefined));
  details.append(summary, tree);
  item.append(details);
  return item;
}

function hopItem(hop, caller) {
  const item = document.createElement('li');
  item.className = `hop ${hop.state}`;
  item.dataset.agent = hop.agent;
  const head = document.createElement('div');
  head.className = 'hop-head';
  head.append(
    span('agent', hop.agent),
    ...(caller ? [span('tool', `call_${hop.agent}`)] : []),
    ...facts(hop, false),
  );
  item.append(head);
  item.append(block('Prompt', hop.prompt));
  if (hop.answer) item.append(block('Answer', hop.answer));
  if (hop.error) item.append(block('Error', hop.error, 'error'));
  const below = childrenOf(hop.id);
  if (below.length > 0) {
    const list = document.createElement('ul');
    list.append(...below.map((child) => hopItem(child, hop)));
    item.append(list);
  }
  return item;
}

/** State, time, tokens and cost of a hop: the whole request's in a summary, the hop's own below. */
function facts(hop, whole) {
  const out = [span(`state ${hop.state}`, stateText(hop))];
  if (hop.durationMs !== undefined) out.push(span('ms', `${hop.durationMs} ms`));
  else out.push(span('ms', `${Math.round((Date.now() - hop.startedAt) / 1000)} s…`));
  const usage = whole ? hop.totalUsage : hop.usage;
  if (usage) {
    const label = whole ? 'tokens in all' : 'tokens';
    out.push(span('tokens', `${usage.totalTokens.toLocaleString('en-US')} ${label}`));
  }
  const cost = whole ? hop.totalCostUsd : hop.costUsd;
  if (cost !== undefined) out.push(span('cost', usd(cost)));
  return out;
}

function stateText(hop) {
  if (hop.state === 'running') return 'running';
  if (hop.state === 'ok') return `ok ${hop.status ?? ''}`.trim();
  return /did not answer within|timed? ?out/i.test(hop.error ?? '')
    ? 'timed out'
    : `failed ${hop.status ?? ''}`.trim();
}

function usd(value) {
  if (value === 0) return '$0';
  return value >= 0.01 ? `$${value.toFixed(4)}` : `$${value.toPrecision(2)}`;
}

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

function block(title, text, className = '') {
  const node = document.createElement('details');
  node.className = `text ${className}`;
  node.open = className === 'error';
  const summary = document.createElement('summary');
  summary.textContent = title;
  const pre = document.createElement('pre');
  pre.textContent = text;
  node.append(summary, pre);
  return node;
}

// ---- the form ----------------------------------------------------------------------

function fillForm() {
  $('send-agent').replaceChildren(
    ...system.agents.map((agent) => {
      const option = document.createElement('option');
      option.value = agent.name;
      option.textContent = `${agent.name} (${agent.role})`;
      return option;
    }),
  );
  $('send').addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
}

function fillSessions(roots) {
  const select = $('send-session');
  const chosen = select.value;
  const sessions = [...new Set(roots.map((h) => h.sessionId))];
  const first = select.options[0];
  select.replaceChildren(
    first,
    ...sessions.map((id) => {
      const option = document.createElement('option');
      option.value = id;
      option.textContent = id;
      return option;
    }),
  );
  select.value = sessions.includes(chosen) ? chosen : '';
}

/** Sends the prompt the way every client does: the data plane's own request, with the page token. */
async function send() {
  const agent = system.agents.find((a) => a.name === $('send-agent').value);
  const prompt = $('send-prompt').value.trim();
  if (!agent || !prompt) return;
  const session = $('send-session').value || `inspector-${crypto.randomUUID()}`;
  const a2a = agent.protocol === 'A2A';
  const path = `/runtimes/${encodeURIComponent(agent.arn)}/invocations${a2a ? '/' : ''}?qualifier=DEFAULT`;
  const body = a2a
    ? {
        jsonrpc: '2.0',
        id: crypto.randomUUID(),
        method: 'message/send',
        params: {
          message: {
            kind: 'message',
            messageId: crypto.randomUUID(),
            role: 'user',
            parts: [{ kind: 'text', text: prompt }],
          },
        },
      }
    : { prompt };
  const status = $('send-status');
  status.textContent = `sent to ${agent.name}…`;
  status.dataset.state = 'running';
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-amzn-bedrock-agentcore-runtime-session-id': session,
        [system.tokenHeader]: token,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(JSON.parse(text).message ?? text);
    status.textContent = `${agent.name} answered (session ${session})`;
    status.dataset.state = 'ok';
  } catch (error) {
    status.textContent = `${agent.name} failed: ${error.message}`;
    status.dataset.state = 'failed';
  }
}

// Running hops show their age; refresh it while any runs.
setInterval(() => {
  if ([...hops.values()].some((h) => h.state === 'running')) render();
}, 1000);
