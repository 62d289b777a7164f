import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/**
 * The Chromium the browser tests drive: `CHROMIUM_PATH`, else Debian's package on PATH.
 * The tests use playwright-core, which downloads no browser, so they need only the system's
 * Chromium package (CI installs Debian's).
 */
export function chromiumPath(): string | undefined {
  const candidates = [
    process.env.CHROMIUM_PATH,
    ...(process.env.PATH ?? '')
      .split(':')
      .flatMap((dir) => [`${dir}/chromium`, `${dir}/chromium-browser`]),
  ];
  return candidates.find((path) => path && existsSync(path));
}

/** A headless Chromium that makes no connection of its own (updates, sync, QUIC probes). */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
