/**
 * Process plumbing for the test servers: free ports, detached children with their output in a log
 * file, readiness polling, and stopping only the processes we recorded (checked by command line).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

export interface StartedProcess {
  pid: number;
  /** Set once the process has exited (code or signal), so readiness polling can fail fast. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

/**
 * Starts `command` in its own process group (so stop can kill the group and the CLI's `start` can
 * exit while the server keeps running), with stdout and stderr appended to `logFile`.
 */
export function spawnLogged(command: string, args: string[], logFile: string, cwd: string): StartedProcess {
  const fd = openSync(logFile, 'w');
  try {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', fd, fd], env: process.env });
    if (child.pid === undefined) throw new Error(`could not start ${command} (see ${logFile})`);
    const started: StartedProcess = { pid: child.pid, exit: null };
    child.on('exit', (code, signal) => {
      started.exit = { code, signal };
    });
    child.on('error', () => {
      started.exit = { code: -1, signal: null };
    });
    child.unref();
    return started;
  } finally {
    closeSync(fd);
  }
}

/** Last lines of a log file, for error messages. */
export function logTail(logFile: string, lines = 15): string {
  if (!existsSync(logFile)) return '(no log file)';
  const text = readFileSync(logFile, 'utf8').trimEnd();
  return text.split('\n').slice(-lines).join('\n') || '(log is empty)';
}

/** Polls `probe` until it resolves, the process dies, or the timeout passes. */
export async function waitUntilReady(
  name: string,
  started: StartedProcess | null,
  logFile: string | null,
  probe: () => Promise<void>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (started?.exit) {
      throw new Error(
        `${name} exited before it was ready (code ${started.exit.code}, signal ${started.exit.signal}); ` +
          `log ${logFile}:\n${logFile ? logTail(logFile) : ''}`,
      );
    }
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      const log = logFile ? `; log ${logFile}:\n${logTail(logFile)}` : '';
      throw new Error(`${name} did not answer within ${timeoutMs / 1000} s (last error: ${reason})${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** True when `pid` is alive and its command line contains `marker` (guards against reused pids). */
export function isOurProcess(pid: number, marker: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    // No /proc (not Linux): the pid is alive, trust the record.
    return true;
  }
}

/** SIGTERM the process group, then SIGKILL it if it is still there after `graceMs`. */
export async function stopProcess(pid: number, marker: string, graceMs = 5000): Promise<void> {
  if (!isOurProcess(pid, marker)) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  signalGroup('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signalGroup('SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie (exited, not yet reaped by its parent) still answers signal 0.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
