/**
 * What a server on the user's own machine answers. Loopback is no boundary for a browser:
 * any web page the user visits can send requests to 127.0.0.1, and a page on a name that
 * it re-points at 127.0.0.1 (DNS rebinding) can even read the answers. The local system
 * runs agents with the user's own AWS credentials, so its servers answer only:
 * - requests addressed to them by a loopback name (`Host`), which a rebound name never is;
 * - requests that come from no web page at all (no `Origin`: AWS SDKs, the AWS CLI,
 *   curl), or from the local system's own page where the server has one.
 * Everything else is refused with a status and a sentence that says why.
 */

/** The names a loopback server answers to, as they appear in `Host` and `Origin`. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', 'localhost', '[::1]'];

/** Interfaces that mean "this machine only". */
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** Whether a listen address keeps a server to this machine. */
export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_ADDRESSES.has(host.toLowerCase());
}

/** Whom a guarded server answers. */
export interface LoopbackGuardOptions {
  /** The port the server listens on: `Host` and `Origin` must name it. */
  readonly port: number;
  /**
   * Host names or addresses it answers to besides the loopback names, e.g. the address
   * given to `dev --host`. `0.0.0.0` and `::` (every interface) admit any IP address,
   * which DNS rebinding cannot produce. @default - loopback names only
   */
  readonly extraHosts?: readonly string[];
  /**
   * Whether a page of the server's own origin may call it (the inspector page). Any other
   * origin is refused either way. @default false
   */
  readonly ownPage?: boolean;
}

/** Why a request is refused: the status to answer with and a sentence for the caller. */
export interface Refusal {
  readonly status: 403 | 421;
  readonly message: string;
}

/** The request headers the guard reads, as Node presents them (lower-case names). */
export interface GuardedHeaders {
  readonly host?: string;
  readonly origin?: string;
  readonly 'sec-fetch-site'?: string;
  readonly 'sec-fetch-mode'?: string;
}

/**
 * Checks a request's `Host`, `Origin` and `Sec-Fetch-Site` against whom the server answers.
 * @returns the refusal, or undefined when the request may be served
 */
export function refuseForeignRequest(
  headers: GuardedHeaders,
  options: LoopbackGuardOptions,
): Refusal | undefined {
  const own = ownHosts(options);
  const host = headers.host?.toLowerCase();
  if (host === undefined || !hostAllowed(host, own, options)) {
    return {
      status: 421,
      message: `this local server answers only requests addressed to ${own.map((h) => `${h}:${options.port}`).join(', ')}, not to "${headers.host ?? '(no Host header)'}"; a web page that re-points its own name at this machine (DNS rebinding) is refused this way`,
    };
  }
  const origin = headers.origin;
  if (origin !== undefined) {
    const allowed = options.ownPage === true && hostAllowed(originHost(origin), own, options);
    if (!allowed) {
      return {
        status: 403,
        message: `requests from web pages are refused: the origin ${origin} is not this local system's own${options.ownPage ? ` (http://${own[0]}:${options.port})` : ''}; AWS SDKs, the AWS CLI and curl send no Origin and are served`,
      };
    }
  }
  // A page's subresource request (script, image, no-cors fetch) may carry no Origin; the
  // browser still says where it came from. Following a link is harmless and allowed.
  const site = headers['sec-fetch-site'];
  if ((site === 'cross-site' || site === 'same-site') && headers['sec-fetch-mode'] !== 'navigate') {
    return {
      status: 403,
      message: `requests from other web sites are refused (Sec-Fetch-Site: ${site}); AWS SDKs, the AWS CLI and curl are served`,
    };
  }
  return undefined;
}

function ownHosts(options: LoopbackGuardOptions): string[] {
  const extra = (options.extraHosts ?? []).map((h) => bracketed(h.toLowerCase()));
  return [...LOOPBACK_HOSTS, ...extra.filter((h) => !LOOPBACK_HOSTS.includes(h))];
}

/** `host[:port]` (lower case) names this server. */
function hostAllowed(host: string, own: readonly string[], options: LoopbackGuardOptions): boolean {
  const match = /^(\[[0-9a-f:.]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!match) return false;
  const [, name, port] = match;
  // Browsers leave out the port when it is the scheme's default.
  if (Number(port ?? 80) !== options.port) return false;
  if (own.includes(name)) return true;
  return own.some((h) => h === '0.0.0.0' || h === '[::]') && isIpLiteral(name);
}

/** The `host:port` of an origin such as `http://127.0.0.1:8787`; empty for anything else (`null`). */
function originHost(origin: string): string {
  const match = /^http:\/\/([^/]+)$/.exec(origin.toLowerCase());
  return match ? match[1] : '';
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function isIpLiteral(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name);
}
