/**
 * scripts/install-services.sh (run by `npm test`) stops with the exact command to run where it cannot
 * install something itself. Each case runs the real script, copied into a temporary checkout (so its
 * .cache starts empty), with small stand-ins on PATH for what this machine has and a newcomer's may
 * lack: an old `go`, no `python3`, a user without root or password-less sudo.
 */
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GO_ARCH = process.arch === 'x64' ? 'amd64' : process.arch;
const GO_INSTALL = (asRoot: string) =>
  `curl -fsSL https://go.dev/dl/go1.24.3.${process.platform}-${GO_ARCH}.tar.gz | ${asRoot}tar -C /usr/local -xz ` +
  '&& export PATH="$PATH:/usr/local/go/bin"';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'dlb-install-services-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A checkout holding only the script, and a folder of stand-in commands put first on PATH. */
async function checkout(
  name: string,
  stubs: Record<string, string>,
): Promise<{ script: string; path: string }> {
  const dir = join(root, name);
  await mkdir(join(dir, 'scripts'), { recursive: true });
  const script = join(dir, 'scripts', 'install-services.sh');
  await copyFile(join(REPO_ROOT, 'scripts', 'install-services.sh'), script);
  const stubDir = join(dir, 'stubs');
  await mkdir(stubDir);
  for (const [command, body] of Object.entries(stubs)) {
    await writeFile(join(stubDir, command), `#!/bin/sh\n${body}\n`);
    await chmod(join(stubDir, command), 0o755);
  }
  return { script, path: stubDir };
}

function run(
  command: string,
  env: Record<string, string>,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('/bin/bash', ['-c', command], {
    // A HOME without dotfiles, and stdin not a socket (Debian's bash then reads ~/.bashrc, as for ssh).
    env: { HOME: root, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('install-services.sh on a newcomer machine', () => {
  it('asks for a newer Go, with the command that installs it, when `go` is too old to build FerretDB', async () => {
    const { script, path } = await checkout('old-go', {
      go: '[ "$1 $2" = "env GOVERSION" ] && echo go1.19.8 && exit 0\necho "unexpected: go $*" >&2; exit 99',
      id: '[ "$1" = "-u" ] && echo 0 || /usr/bin/id "$@"', // root
    });
    const result = run(`bash ${script}`, { PATH: `${path}:/usr/bin:/bin` });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `install-services: cannot build FerretDB: ${path}/go is go1.19.8, and FerretDB v1.24.2 needs Go 1.21 or newer. ` +
        'Run this, then run npm test again:\n' +
        `    ${GO_INSTALL('')}\n`,
    );
  });

  it('asks for python3 and its venv module when python3 is missing', async () => {
    const { script, path } = await checkout('no-python', {
      // FerretDB is already built in this checkout; python3 is nowhere on PATH.
      id: '[ "$1" = "-u" ] && echo 1000 || /usr/bin/id "$@"', // not root
    });
    const ferretdb = join(dirname(dirname(script)), '.cache', 'bin', 'ferretdb');
    await mkdir(dirname(ferretdb), { recursive: true });
    await writeFile(ferretdb, '#!/bin/sh\necho "version: v1.24.2"\n');
    await chmod(ferretdb, 0o755);
    // The few commands the script needs, without the python3 of /usr/bin.
    const tools = join(root, 'no-python', 'tools');
    await mkdir(tools);
    for (const tool of ['dirname', 'mkdir', 'uname', 'tr', 'tail', 'sh']) {
      const found = ['/usr/bin', '/bin']
        .map((d) => join(d, tool))
        .find((p) => spawnSync('test', ['-x', p]).status === 0);
      if (found) await symlink(found, join(tools, tool));
    }
    const result = run(`/bin/bash ${script}`, { PATH: `${path}:${tools}` });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`install-services: ferretdb v1.24.2: already present (${ferretdb})\n`);
    expect(result.stderr).toBe(
      'install-services: cannot install moto and gcp-storage-emulator: python3 is not on PATH. ' +
        'Run this, then run npm test again:\n' +
        '    sudo apt-get install -y python3 python3-venv\n',
    );
  });

  it('asks for `sudo apt-get install -y chromium` when Chromium is missing and apt-get cannot run as root', async () => {
    const marker = join(root, 'apt-get-was-called');
    const { script, path } = await checkout('no-root', {
      id: '[ "$1" = "-u" ] && echo 1000 || /usr/bin/id "$@"', // not root
      sudo: 'echo "sudo: a password is required" >&2; exit 1',
      'apt-get': `touch ${marker}; exit 99`,
    });
    // Sourced: only the Chromium step runs, pointed at a browser that is not there.
    const result = run(`source ${script} && CHROMIUM=${join(root, 'no-chromium')} && install_chromium`, {
      PATH: `${path}:/usr/bin:/bin`,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'install-services: cannot install Chromium: apt-get needs root, and this user is not root and has no ' +
        'password-less sudo. Run this, then run npm test again:\n' +
        '    sudo apt-get install -y chromium\n',
    );
    await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
  });

  it('puts sudo in the Go command for a user who is not root', async () => {
    const { script, path } = await checkout('no-go-user', {
      go: 'echo go1.20.14',
      id: '[ "$1" = "-u" ] && echo 1000 || /usr/bin/id "$@"',
    });
    const result = run(`bash ${script}`, { PATH: `${path}:/usr/bin:/bin` });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('needs Go 1.21 or newer');
    expect(result.stderr).toContain(`    ${GO_INSTALL('sudo ')}\n`);
  });

  it('asks for a Python >= 3.12 for the interop suite when none is found, and installs nothing', async () => {
    const { script, path } = await checkout('no-python312', {
      python3: 'echo "Python 3.11.2"; exit 1', // Debian 12's python3 fails the version check
    });
    // Sourced: only the interop step runs, with no pyenv and no INTEROP_PYTHON.
    const result = run(`source ${script} && install_interop_venvs`, {
      PATH: `${path}:/usr/bin:/bin`,
      PYENV_ROOT: join(root, 'no-pyenv'),
      INTEROP_PYTHON: '',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'install-services: cannot install the Python library for the interop suite: no Python >= 3.12 was found ' +
        `(tried $INTEROP_PYTHON, python3.12, python3.13, python3 and ${join(root, 'no-pyenv')}/versions/3.1x). ` +
        'Run this, then run npm test again:\n' +
        '    pyenv install 3.12    # or: export INTEROP_PYTHON=/path/to/python3.12\n',
    );
    await expect(readFile(join(dirname(dirname(script)), '.cache', 'interop-install.log'))).rejects.toThrow(
      /ENOENT/,
    );
  });
});
