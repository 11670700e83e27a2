/**
 * The driver only gives up on a refused port after its whole server-selection timeout. A plain TCP
 * connect tells at once: when every host of a `mongodb://` URI refuses the connection, callers can say
 * so immediately instead of after seconds. Anything else (timeouts, DNS, SRV URIs) is left to the driver.
 */
import { connect } from 'node:net';

export async function allHostsRefuse(uri: string, timeoutMs = 1000): Promise<boolean> {
  const m = /^mongodb:\/\/(?:[^@/]*@)?([^/?#]+)/i.exec(uri);
  if (!m) return false;
  const hosts = m[1].split(',').map(parseHost);
  if (hosts.some((h) => h === null)) return false;
  const results = await Promise.all(hosts.map((h) => refuses(h!.host, h!.port, timeoutMs)));
  return results.every(Boolean);
}

function parseHost(text: string): { host: string; port: number } | null {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(text);
  if (!m) return null;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 27017 };
}

function refuses(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (refused: boolean) => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED'));
  });
}
