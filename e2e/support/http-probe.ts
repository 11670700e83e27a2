/** Raw HTTP and WebSocket requests with full control of the headers (Origin, Host), for the refusal specs. */
import { request } from 'node:http';
import WebSocket from 'ws';

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export function httpGet(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.end();
  });
}

/** Tries a WebSocket upgrade: `open` when accepted, else the HTTP status the host answered with. */
export function wsUpgrade(
  url: string,
  options: { origin?: string; headers?: Record<string, string> } = {},
): Promise<{ outcome: 'open' } | { outcome: 'refused'; status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      origin: options.origin,
      headers: options.headers,
      handshakeTimeout: 10_000,
    });
    ws.on('open', () => {
      ws.close();
      resolve({ outcome: 'open' });
    });
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          outcome: 'refused',
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    ws.on('error', (err) => reject(err));
  });
}
