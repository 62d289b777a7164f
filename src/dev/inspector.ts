import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { AgentGraph } from '../graph/agent-graph';
import type { Protocol } from '../spec/schema';
import { PAGE_TOKEN_HEADER, type PageHandler } from './endpoint';
import type { Hop, HopLog } from './hop-log';

/** Where the page's files ship: plain files in the package, no build step. */
export const INSPECTOR_ASSETS_DIR = join(__dirname, '..', '..', 'assets', 'inspector');

/** What the page shows of the system: the agent graph of agents.json, as `dev` runs it. */
export interface InspectorSystem {
  readonly name: string;
  readonly region: string;
  readonly agents: ReadonlyArray<{
    readonly name: string;
    readonly role: 'orchestrator' | 'specialist';
    readonly protocol: Protocol;
    readonly description: string;
    readonly arn: string;
    readonly model: string;
    readonly calls: readonly string[];
  }>;
  /** Agents by depth from the orchestrator: who is called by whom, top to bottom. */
  readonly rows: ReadonlyArray<readonly string[]>;
}

/**
 * What the page shows of a running system: the graph's agents, each with the ARN and model
 * `dev` gives it, in spec order.
 */
export function inspectorSystem(
  graph: AgentGraph,
  agents: ReadonlyArray<{ readonly name: string; readonly arn: string; readonly model: string }>,
): InspectorSystem {
  return {
    name: graph.spec.name,
    region: graph.spec.region,
    agents: agents.map((agent) => {
      const { spec } = graph.agent(agent.name);
      return {
        name: agent.name,
        role: spec.role,
        protocol: spec.protocol,
        description: spec.description,
        arn: agent.arn,
        model: agent.model,
        calls: graph.callees(agent.name).map((e) => e.callee.spec.name),
      };
    }),
    rows: rowsByCallDepth(graph),
  };
}

/** The files the page is made of, by the path the page asks for them. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/inspector/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/inspector/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};

/** Where the page's token goes in its HTML. */
const TOKEN_PLACEHOLDER = '__AGENTCORE_LOCAL_TOKEN__';

/**
 * Browsers may run nothing but the page's own script, load nothing from elsewhere, send
 * nothing elsewhere and show the page in no frame (no clickjacking of the prompt form).
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/**
 * The inspector: a page at the endpoint's root that shows the agent graph and every call
 * through the endpoint as it happens, each request a tree of hops with status, time,
 * tokens, cost, prompt and answer, and a form that sends a prompt to any agent. It reads
 * the endpoint's hop log and nothing else; the page's own requests go to the same data
 * plane every client uses, with the page token the page is served with.
 *
 * Routes: `GET /` (the page), `GET /inspector/app.js|app.css`, `GET /inspector/api/system`,
 * `GET /inspector/api/events` (Server-Sent Events: a `snapshot` of recent hops, then one
 * `hop` event per start and end).
 */
export function inspectorPages(options: {
  readonly hops: HopLog;
  readonly system: () => InspectorSystem;
  readonly pageToken: string;
}): PageHandler {
  const files = new Map<string, Buffer>();
  const asset = (path: string): Buffer => {
    let content = files.get(path);
    if (!content) {
      content = readFileSync(join(INSPECTOR_ASSETS_DIR, ASSETS[path].file));
      files.set(path, content);
    }
    return content;
  };
  return (req, res, url) => {
    const path = url.pathname === '/index.html' ? '/' : url.pathname;
    if (ASSETS[path]) {
      let body = asset(path);
      if (path === '/') {
        body = Buffer.from(body.toString('utf8').replace(TOKEN_PLACEHOLDER, options.pageToken));
      }
      res.writeHead(200, { 'content-type': ASSETS[path].type, ...PAGE_HEADERS });
      res.end(body);
      return true;
    }
    if (path === '/inspector/api/system') {
      res.writeHead(200, { 'content-type': 'application/json', ...PAGE_HEADERS });
      res.end(JSON.stringify({ ...options.system(), tokenHeader: PAGE_TOKEN_HEADER }));
      return true;
    }
    if (path === '/inspector/api/events') {
      streamHops(req, res, options.hops);
      return true;
    }
    return false;
  };
}

function streamHops(req: IncomingMessage, res: ServerResponse, hops: HopLog): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    connection: 'keep-alive',
    ...PAGE_HEADERS,
  });
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  send('snapshot', { hops: hops.recent() });
  const stop = hops.subscribe((hop: Hop) => send('hop', hop));
  // Proxies and browsers drop a stream that stays silent too long.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  req.on('close', () => {
    stop();
    clearInterval(keepAlive);
  });
}

/**
 * Agents by row for a picture of the graph: each agent one row below the lowest of its
 * callers, so every edge points down and the orchestrator is alone on top.
 */
function rowsByCallDepth(graph: AgentGraph): string[][] {
  const depth = new Map<string, number>();
  // Deploy order puts callees first; callers first is its reverse.
  for (const node of [...graph.deployOrder].reverse()) {
    const callers = graph.callers(node.spec.name).map((e) => depth.get(e.caller.spec.name) ?? 0);
    depth.set(node.spec.name, callers.length === 0 ? 0 : Math.max(...callers) + 1);
  }
  const rows: string[][] = [];
  for (const node of graph.agents) {
    const row = depth.get(node.spec.name) ?? 0;
    rows[row] = [...(rows[row] ?? []), node.spec.name];
  }
  return rows.filter((row) => row !== undefined);
}
