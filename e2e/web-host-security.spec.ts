/**
 * The web host answers only its own page: requests without the token, or from another Origin (a web page
 * elsewhere trying to reach the local host), get 403, for the static files and the WebSocket alike.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';
import { httpGet, wsUpgrade } from './support/http-probe';

const FOREIGN = 'http://evil.example';

test("HTTP requests need the token and the host's own Origin", async ({ host }) => {
  const base = `http://127.0.0.1:${host.port}`;
  const token = encodeURIComponent(host.token);

  const ok = await httpGet(`${base}/?token=${token}`);
  expect(ok.status).toBe(200);
  expect(ok.body).toContain('<div id="root">');

  const cases: { what: string; url: string; headers?: Record<string, string>; method?: string }[] = [
    { what: 'no token', url: `${base}/` },
    { what: 'no token, an asset', url: `${base}/index.html` },
    { what: 'a wrong token', url: `${base}/?token=wrong-${token}` },
    { what: 'a foreign Origin', url: `${base}/?token=${token}`, headers: { origin: FOREIGN } },
    {
      what: 'a foreign Origin on another port of this machine',
      url: `${base}/?token=${token}`,
      headers: { origin: `http://127.0.0.1:${host.port + 1}` },
    },
    {
      what: 'a foreign Host (DNS rebinding)',
      url: `${base}/?token=${token}`,
      headers: { host: `evil.example:${host.port}` },
    },
    { what: 'an upload without the token', url: `${base}/upload`, method: 'POST' },
    {
      what: 'an upload from a foreign Origin',
      url: `${base}/upload?token=${token}`,
      method: 'POST',
      headers: { origin: FOREIGN },
    },
  ];
  for (const c of cases) {
    const answer = await httpGet(c.url, c.headers, c.method);
    expect(answer.status, c.what).toBe(403);
    expect(answer.body, c.what).not.toContain('<div id="root">');
  }

  // Its own Origin is fine.
  expect((await httpGet(`${base}/?token=${token}`, { origin: base })).status).toBe(200);
});

test("the WebSocket upgrade needs the token and the host's own Origin", async ({ host }) => {
  const ws = `ws://127.0.0.1:${host.port}/ws`;
  const own = `http://127.0.0.1:${host.port}`;
  const token = encodeURIComponent(host.token);

  expect(await wsUpgrade(`${ws}?token=${token}`, { origin: own })).toEqual({ outcome: 'open' });

  const refused = [
    { what: 'no token', url: ws, origin: own },
    { what: 'a wrong token', url: `${ws}?token=nope`, origin: own },
    { what: 'a foreign Origin', url: `${ws}?token=${token}`, origin: FOREIGN },
    { what: 'another path', url: `ws://127.0.0.1:${host.port}/other?token=${token}`, origin: own },
  ];
  for (const r of refused) {
    const answer = await wsUpgrade(r.url, { origin: r.origin });
    expect(answer, r.what).toMatchObject({ outcome: 'refused', status: 403 });
  }
});

test('a page on another origin cannot open the WebSocket, even knowing the token', async ({ page, host }) => {
  // A stand-in for any web page the user might have open: same machine, different origin.
  const foreign: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Some other site</title><p>elsewhere</p>');
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  try {
    const foreignPort = (foreign.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${foreignPort}/`);
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url);
          socket.onopen = () => {
            socket.close();
            resolve('open');
          };
          socket.onerror = () => resolve('error');
          setTimeout(() => resolve('timeout'), 8000);
        }),
      `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`,
    );
    expect(outcome).toBe('error');
  } finally {
    foreign.closeAllConnections();
    await new Promise<void>((resolve) => foreign.close(() => resolve()));
  }
});
