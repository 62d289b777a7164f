import { describe, expect, it } from 'vitest';
import {
  type GuardedHeaders,
  type LoopbackGuardOptions,
  refuseForeignRequest,
} from '../../src/agent-runtime/loopback-guard';

const AGENT: LoopbackGuardOptions = { port: 8787 };
const ENDPOINT: LoopbackGuardOptions = { port: 8787, ownPage: true };
const status = (headers: GuardedHeaders, options = AGENT) =>
  refuseForeignRequest(headers, options)?.status ?? 200;

describe('refuseForeignRequest', () => {
  it('serves loopback names on the right port, in any case', () => {
    for (const host of ['127.0.0.1:8787', 'localhost:8787', '[::1]:8787', 'LOCALHOST:8787']) {
      expect(status({ host }), host).toBe(200);
    }
  });

  it('refuses other names, other ports and a missing Host with 421', () => {
    for (const host of [
      'evil.example:8787',
      '127.0.0.1.nip.io:8787',
      'localhost.evil.example:8787',
      '127.0.0.1:8788',
      '127.0.0.1',
      '10.0.0.5:8787',
      '127.0.0.1:8787@evil.example',
      undefined,
    ]) {
      expect(status({ host }), String(host)).toBe(421);
    }
    expect(refuseForeignRequest({ host: 'evil.example:8787' }, AGENT)?.message).toContain(
      'DNS rebinding',
    );
  });

  it('takes a Host without a port as port 80, as browsers send it', () => {
    expect(status({ host: 'localhost' }, { port: 80 })).toBe(200);
  });

  it('refuses every Origin where there is no page, and foreign ones where there is', () => {
    const host = '127.0.0.1:8787';
    expect(status({ host, origin: 'http://127.0.0.1:8787' })).toBe(403);
    expect(status({ host, origin: 'http://127.0.0.1:8787' }, ENDPOINT)).toBe(200);
    expect(status({ host, origin: 'http://localhost:8787' }, ENDPOINT)).toBe(200);
    for (const origin of [
      'https://evil.example',
      'null',
      'http://127.0.0.1:3000',
      'https://127.0.0.1:8787',
      'http://127.0.0.1:8787.evil.example',
    ]) {
      expect(status({ host, origin }, ENDPOINT), origin).toBe(403);
    }
    expect(
      refuseForeignRequest({ host, origin: 'https://evil.example' }, ENDPOINT)?.message,
    ).toContain('https://evil.example');
  });

  it("refuses another site's subresource request that carries no Origin, not a link followed", () => {
    const host = '127.0.0.1:8787';
    expect(status({ host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' })).toBe(403);
    expect(status({ host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' })).toBe(
      200,
    );
    expect(status({ host, 'sec-fetch-site': 'none' })).toBe(200);
  });

  it('answers the address given to --host, and any IP address when bound to every interface', () => {
    expect(
      status({ host: '192.168.1.20:8787' }, { port: 8787, extraHosts: ['192.168.1.20'] }),
    ).toBe(200);
    expect(status({ host: '10.1.2.3:8787' }, { port: 8787, extraHosts: ['0.0.0.0'] })).toBe(200);
    expect(status({ host: '[fe80::1]:8787' }, { port: 8787, extraHosts: ['::'] })).toBe(200);
    // A name is what DNS rebinding produces: still refused.
    expect(status({ host: 'evil.example:8787' }, { port: 8787, extraHosts: ['0.0.0.0'] })).toBe(
      421,
    );
  });
});
