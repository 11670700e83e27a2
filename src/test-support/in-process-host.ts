/**
 * The real services on a fresh temporary data folder (so a fresh, empty embedded datalake), the real
 * dispatcher in front of them, and the in-process bridge a renderer client is built on.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestServices, type TestServices } from '../main/services/test-services';
import { createInProcessBridge, type InProcessBridge } from './in-process-bridge';

export interface InProcessHost {
  dataDir: string;
  services: TestServices['services'];
  dispatcher: TestServices['dispatcher'];
  /** For `createClient(bridge, 'in-process')`, which renderer/setup.ts installs as `getClient()`. */
  bridge: InProcessBridge;
  /** Closes the bridge, then the services, and removes the data folder. */
  close(): Promise<void>;
}

export async function startInProcessHost(): Promise<InProcessHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'dlb-in-process-'));
  await cp(await freshDataFolder(), dataDir, { recursive: true });
  const t = await makeTestServices(dataDir);
  const bridge = createInProcessBridge({ dispatcher: t.dispatcher, sessions: t.services.sessions });
  return {
    dataDir,
    services: t.services,
    dispatcher: t.dispatcher,
    bridge,
    async close() {
      await bridge.close();
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let template: Promise<string> | undefined;

/**
 * A data folder as the services leave it on first start, made once per test file (modules are isolated per
 * file): creating the embedded store takes seconds, opening a copy of a closed one a fraction of that.
 */
function freshDataFolder(): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dlb-in-process-template-'));
    const t = await makeTestServices(dir);
    await t.close();
    return dir;
  })();
  return template;
}

/** Removes the template folder; call it once the file's hosts are closed (an `afterAll`). */
export async function removeDataFolderTemplate(): Promise<void> {
  const dir = await template?.catch(() => undefined);
  template = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
}
