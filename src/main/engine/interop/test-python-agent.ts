/**
 * Test tooling: the real Python library (`scripts/interop/agent.py`) in one of the venvs that
 * `scripts/install-services.sh` builds, driven over JSON lines so that its slow import happens once.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** The two environments of the suite: 0.10.0 with its zenml-era siblings, and as pip resolves it today. */
export type PythonEnv = 'zenml' | 'current';

export function venvPython(env: PythonEnv): string {
  return path.join(REPO, '.cache', `interop-0.10-${env}`, 'bin', 'python');
}

export class PythonAgent {
  private readonly lines: AsyncIterator<string>;
  private readonly stderr: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    reader: Interface,
  ) {
    this.lines = reader[Symbol.asyncIterator]();
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr.push(chunk.toString('utf8'));
      if (this.stderr.length > 200) this.stderr.splice(0, this.stderr.length - 200);
    });
  }

  /** Starts the agent; throws (naming the install command) when the venv is missing. */
  static async start(env: PythonEnv): Promise<PythonAgent> {
    const python = venvPython(env);
    if (!existsSync(python)) {
      throw new Error(
        `${python} is missing: the live interop suite needs the Python library. Run: bash scripts/install-services.sh`,
      );
    }
    const child = spawn(python, [path.join(REPO, 'scripts', 'interop', 'agent.py')], {
      cwd: REPO,
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
    const agent = new PythonAgent(child, createInterface({ input: child.stdout }));
    const first = await agent.lines.next();
    if (first.done || !JSON.parse(first.value).ready) {
      throw new Error(`The Python agent (${env}) did not start:\n${agent.recentErrors()}`);
    }
    return agent;
  }

  /** Sends one command and waits for its answer; commands run one at a time. */
  call<T>(command: Record<string, unknown>): Promise<T> {
    const run = this.queue.then(async () => {
      this.child.stdin.write(`${JSON.stringify(command)}\n`);
      const next = await this.lines.next();
      if (next.done) throw new Error(`The Python agent exited:\n${this.recentErrors()}`);
      const answer = JSON.parse(next.value) as { ok: boolean; result?: T; error?: string };
      if (!answer.ok)
        throw new Error(`Python ${String(command.op)} failed: ${answer.error}\n${this.recentErrors()}`);
      return answer.result as T;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  recentErrors(): string {
    return this.stderr.join('').split('\n').slice(-40).join('\n');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
