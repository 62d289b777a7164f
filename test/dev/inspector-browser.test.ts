import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevSystem } from '../../src/dev/system';
import { chromiumPath, launchChromium } from './browser';
import { createProject, localClient, MIXED_TEAM, session, type TestProject } from './harness';

const chromium = chromiumPath();

/** The inspector in a real browser: Debian's Chromium, driven by playwright-core. */
describe.skipIf(!chromium)(
  `the inspector page in Chromium${chromium ? '' : ' (skipped: no chromium on PATH or CHROMIUM_PATH)'}`,
  () => {
    let project: TestProject;
    let system: DevSystem;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      project = await createProject(MIXED_TEAM);
      system = await DevSystem.start({
        projectDir: project.dir,
        model: 'offline',
        watch: false,
        log: () => undefined,
      });
      browser = await launchChromium(chromium as string);
      page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      const started = performance.now();
      await page.goto(`${system.endpointUrl}/`);
      await page.locator('#graph .node').first().waitFor();
      const ms = Math.round(performance.now() - started);
      // What the browser fetched for the page: document, script, stylesheet, first data.
      const weight = await page.evaluate(() => {
        const timing = performance as unknown as {
          getEntriesByType(type: string): Array<{ transferSize?: number }>;
        };
        return [...timing.getEntriesByType('navigation'), ...timing.getEntriesByType('resource')]
          .map((e) => e.transferSize ?? 0)
          .reduce((sum, size) => sum + size, 0);
      });
      console.log(
        `inspector: first render with the graph in ${ms} ms; page weight ${(weight / 1024).toFixed(1)} KB`,
      );
    });

    afterAll(async () => {
      // scripts/inspector-screenshot.sh renders the README's picture from this very page.
      const shot = process.env.INSPECTOR_SCREENSHOT;
      if (shot && page) {
        await page
          .locator('#requests details[open] .hop .text')
          .nth(1)
          .evaluate((d) => {
            (d as unknown as { open: boolean }).open = true;
          });
        await page.screenshot({ path: shot });
      }
      await browser?.close();
      await system?.close();
      await project?.remove();
    });

    it('shows every agent of the graph', async () => {
      const names = await page.locator('#graph .node .name').allTextContents();
      expect(names.sort()).toEqual(['archivist', 'orchestrator', 'researcher', 'writer']);
      await expect.poll(() => page.locator('#connection').textContent()).toBe('live');
    });

    it('sends a prompt from its form and shows the delegation tree with the right callee', async () => {
      await page.selectOption('#send-agent', 'orchestrator');
      await page.fill('#send-prompt', 'Research the archived newspapers of tea');
      await page.click('#send button');
      const request = page.locator('#requests .request').first();
      await request.locator('summary').first().click();
      await expect
        .poll(() => request.locator('.hop .agent').allTextContents(), { timeout: 10_000 })
        .toEqual(['orchestrator', 'researcher', 'archivist']);
      await expect.poll(() => request.getAttribute('class')).toContain('ok');
      expect(await request.locator('.tool').allTextContents()).toEqual([
        'call_researcher',
        'call_archivist',
      ]);
      expect(await page.locator('#send-status').textContent()).toContain('orchestrator answered');
    });

    it('shows a request sent with the AWS SDK too', async () => {
      const client = localClient(system.endpointUrl);
      await client.send(
        new InvokeAgentRuntimeCommand({
          agentRuntimeArn: system.agent('orchestrator').arn,
          runtimeSessionId: session('from-the-sdk'),
          contentType: 'application/json',
          payload: new TextEncoder().encode(
            JSON.stringify({ prompt: 'Draft a poem about rivers' }),
          ),
        }),
      );
      const first = page.locator('#requests .request').first();
      await expect
        .poll(() => first.locator('.prompt').textContent())
        .toBe('Draft a poem about rivers');
    });

    it('lets no page from another local origin invoke anything', async () => {
      const before = await page.locator('#requests .request').count();
      const other = await serveAttackPage(system.endpointUrl, system.agent('orchestrator').arn);
      try {
        const attacker = await browser.newPage();
        await attacker.goto(other.url);
        type Attack = { done?: boolean; outcome?: string };
        await attacker.waitForFunction(() => (globalThis as Attack).done === true);
        const outcome = await attacker.evaluate(() => (globalThis as Attack).outcome);
        // A CORS request the browser sends is refused by the endpoint, and the page cannot read it.
        expect(outcome).toMatch(/^(blocked|403)/);
        await attacker.close();
      } finally {
        await new Promise<void>((resolve) => other.server.close(() => resolve()));
      }
      // Nothing was invoked: no new request appeared.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await page.locator('#requests .request').count()).toBe(before);
    });
  },
);

/**
 * A page on another local origin (another port) that tries what a hostile page would:
 * a simple text/plain POST (no preflight) and a JSON POST, to the orchestrator.
 */
async function serveAttackPage(
  endpointUrl: string,
  arn: string,
): Promise<{ url: string; server: Server }> {
  const target = `${endpointUrl}/runtimes/${encodeURIComponent(arn)}/invocations`;
  const html = `<!doctype html><script>
    (async () => {
      try {
        await fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors',
          headers: { 'content-type': 'text/plain' }, body: '{"prompt":"Research secrets"}' });
        const r = await fetch(${JSON.stringify(target)}, { method: 'POST',
          headers: { 'content-type': 'application/json' }, body: '{"prompt":"Research secrets"}' });
        window.outcome = String(r.status);
      } catch (e) { window.outcome = 'blocked: ' + e.message; }
      window.done = true;
    })();
  </script>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}
