import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';

/** How to run one agent's bundle. */
export interface AgentProcessOptions {
  readonly name: string;
  readonly bundle: string;
  readonly port: number;
  readonly env: NodeJS.ProcessEnv;
  /** Receives every output line of the agent, already prefixed with its name. */
  readonly log: (line: string) => void;
  /** Told when the process ends without having been asked to. */
  readonly onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

/**
 * Loaded into every agent ahead of its own code: the agent exits when its stdin, a pipe
 * from the process that started it, reaches its end. The kernel closes that pipe however
 * the starter ends, SIGKILL included, so no agent outlives its `dev`. (unref: the watch
 * alone does not keep an agent alive.)
 */
const EXIT_WITH_STARTER = `data:text/javascript,${encodeURIComponent(
  "process.stdin.on('end', () => process.exit()).on('error', () => process.exit()).resume().unref();",
)}`;

/**
 * How Node runs a local agent: with the exit watch above, and a young generation of 1 MB
 * instead of 16. A system's agents all run on the user's machine at once, and each would
 * otherwise keep megabytes of short-lived garbage resident between scavenges; a local
 * agent's requests allocate little, so the extra scavenges cost nothing anyone sees.
 */
const AGENT_NODE_FLAGS = ['--max-semi-space-size=1', '--import', EXIT_WITH_STARTER];

/** One agent as a local process on its own port; it ends when the process that started it ends. */
export class AgentProcess {
  private child?: ChildProcess;
  private stopping = false;
  private recent: string[] = [];

  constructor(private readonly options: AgentProcessOptions) {}

  public get pid(): number | undefined {
    return this.child?.pid;
  }

  public get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /**
   * Starts the bundle and waits until `/ping` answers.
   * @throws Error with the agent's last output lines when it exits or stays silent
   */
  public async start(timeoutMs = 20_000): Promise<void> {
    this.stopping = false;
    this.recent = [];
    const child = spawn(process.execPath, [...AGENT_NODE_FLAGS, this.options.bundle], {
      env: { ...this.options.env, PORT: String(this.options.port), AGENT_HOST: '127.0.0.1' },
      // stdin is never written: its end tells the agent that this process is gone.
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (line.length === 0) continue;
        this.recent = [...this.recent.slice(-19), line];
        this.options.log(`[${this.options.name}] ${line}`);
      }
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    const exited = new Promise<string>((resolve) => {
      // A process that cannot be spawned (EMFILE, EAGAIN) emits 'error' and never 'exit'.
      child.once('error', (error) => resolve(`could not start (${error.message})`));
      child.once('exit', (code, signal) => {
        if (!this.stopping) this.options.onExit?.(code, signal);
        resolve(`exited (${signal ?? `code ${code}`})`);
      });
    });
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const outcome = await Promise.race([
        exited,
        ping(this.options.port).then((ok) => (ok ? 'up' : '')),
      ]);
      if (outcome === 'up') return;
      if (outcome.startsWith('exited')) {
        throw new Error(
          `Agent ${this.options.name} ${outcome} before answering /ping on port ${this.options.port}. Its last output:\n  ${this.recent.join('\n  ') || '(none)'}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await this.stop();
    throw new Error(
      `Agent ${this.options.name} did not answer /ping on port ${this.options.port} within ${timeoutMs / 1000} s. Its last output:\n  ${this.recent.join('\n  ') || '(none)'}`,
    );
  }

  /** Stops the process: SIGTERM, then SIGKILL if it lingers. */
  public async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.stopping = true;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await gone;
    clearTimeout(timer);
  }
}

/** Whether an agent answers `/ping` with 200 on 127.0.0.1:port. */
export function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/ping', method: 'GET', timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}
