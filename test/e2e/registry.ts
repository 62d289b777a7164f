import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

/** One published version: its manifest (package.json) and its packed tarball. */
export interface PublishedVersion {
  readonly manifest: { readonly name: string; readonly version: string };
  readonly tarball: string;
}

/** A registry running on 127.0.0.1. */
export interface LocalRegistry {
  /** Its URL, for `npm_config_registry`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A package registry on 127.0.0.1 that publishes the given versions of one package (its
 * packument, the last version tagged `latest`, and its tarballs) and forwards every other
 * request to `upstream`, so everything else installs as it always does.
 */
export async function startRegistry(
  versions: readonly PublishedVersion[],
  upstream: string,
): Promise<LocalRegistry> {
  const name = versions[0].manifest.name;
  const tarballs = new Map(
    versions.map((v) => [`/${name}/-/${name}-${v.manifest.version}.tgz`, readFileSync(v.tarball)]),
  );
  let url = '';
  const packument = () => {
    const published = new Date().toISOString();
    return {
      name,
      'dist-tags': { latest: versions[versions.length - 1].manifest.version },
      versions: Object.fromEntries(
        versions.map(({ manifest }) => {
          const path = `/${name}/-/${name}-${manifest.version}.tgz`;
          const bytes = tarballs.get(path) as Buffer;
          const dist = {
            tarball: `${url}${path}`,
            shasum: createHash('sha1').update(bytes).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
          };
          return [manifest.version, { ...manifest, _id: `${name}@${manifest.version}`, dist }];
        }),
      ),
      time: {
        created: published,
        modified: published,
        ...Object.fromEntries(versions.map((v) => [v.manifest.version, published])),
      },
    };
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const tarball = tarballs.get(path);
    if (tarball) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(tarball);
    } else if (decodeURIComponent(path) === `/${name}`) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument()));
    } else {
      forward(req, new URL((req.url ?? '/').replace(/^\//, ''), upstream), (status, headers) => {
        res.writeHead(status, headers);
        return res;
      }).on('error', (error) => res.writeHead(502).end(String(error)));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${url}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Sends the request on to `target` and streams the answer back unchanged. */
function forward(
  req: IncomingMessage,
  target: URL,
  respond: (status: number, headers: IncomingMessage['headers']) => NodeJS.WritableStream,
) {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => answer.pipe(respond(answer.statusCode ?? 502, answer.headers)),
  );
  req.pipe(upstream);
  return upstream;
}
