/**
 * Bad input over the WebSocket gets an INVALID_INPUT error envelope, never a crash: the same socket, the
 * host and the app keep working afterwards.
 */
import WebSocket from 'ws';
import { expect, test } from './fixtures';

test('invalid calls from the page get INVALID_INPUT envelopes and the next call still works', async ({
  app,
  host,
}) => {
  // A second socket from the app's own page (its origin, the token it was opened with).
  const answers = await app.page.evaluate(async (token) => {
    const socket = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = () => reject(new Error('the WebSocket did not open'));
    });
    const results: unknown[] = [];
    socket.onmessage = (e) => {
      const frame = JSON.parse(String(e.data));
      if (frame.type === 'result') results.push(frame);
    };
    const frames = [
      { type: 'call', id: 1, name: 'connections.test', input: { timeoutMs: 'soon' } },
      {
        type: 'call',
        id: 2,
        name: 'connections.add',
        input: { name: 'x', kind: 'postgres', uri: 'u', dbName: 'd' },
      },
      { type: 'call', id: 3, name: 'no.such.call', input: {} },
      { type: 'call', id: 4, name: 'sample.load', input: { images: -1 } },
      { type: 'call', id: 5, name: 'app.info', input: {} },
    ];
    socket.send('this is not JSON');
    socket.send(JSON.stringify({ type: 'call', id: 'seven' }));
    for (const f of frames) socket.send(JSON.stringify(f));
    const deadline = Date.now() + 10_000;
    while (results.length < frames.length + 2 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    socket.close();
    return results as { id: number | null; envelope: { ok: boolean; data?: any; error?: any } }[];
  }, host.token);

  expect(answers).toHaveLength(7);
  const byId = new Map(answers.filter((a) => a.id !== null).map((a) => [a.id, a.envelope]));
  const frameErrors = answers.filter((a) => a.id === null).map((a) => a.envelope);

  expect(frameErrors).toHaveLength(2);
  for (const e of frameErrors) expect(e).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(frameErrors.map((e) => e.error.message)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/not valid JSON/i),
      expect.stringMatching(/frame must be/i),
    ]),
  );

  expect(byId.get(1)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(byId.get(1)?.error.message).toContain('timeoutMs');
  expect(byId.get(2)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(byId.get(2)?.error.message).toContain('kind');
  expect(byId.get(3)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(byId.get(3)?.error.message).toContain('no.such.call');
  expect(byId.get(4)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(byId.get(5)).toMatchObject({ ok: true, data: { host: 'web', name: 'Datalake Browser' } });

  // Nothing was saved by the refused add, and the app itself still answers.
  const list = await host.dispatcher.call('connections.list', {});
  expect(list.ok && list.data.connections).toHaveLength(1);
  await app.page.reload();
  await app.expectActive('Embedded datalake');
});

test('a Node WebSocket client: binary frames and a non-integer id are refused, the socket stays usable', async ({
  host,
}) => {
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(host.token)}`, {
    origin: `http://127.0.0.1:${host.port}`,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const results: { id: number | null; envelope: any }[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (frame.type === 'result') results.push(frame);
  });
  try {
    socket.send(Buffer.from([1, 2, 3]));
    socket.send(JSON.stringify({ type: 'call', id: 1.5, name: 'app.info', input: {} }));
    socket.send(JSON.stringify({ type: 'call', id: 9, name: 'connections.activate', input: { id: '' } }));
    socket.send(JSON.stringify({ type: 'call', id: 10, name: 'overview.get', input: {} }));
    await expect.poll(() => results.length, { timeout: 15_000 }).toBe(4);
  } finally {
    socket.close();
  }
  const nullIds = results.filter((r) => r.id === null);
  expect(nullIds).toHaveLength(2);
  for (const r of nullIds) expect(r.envelope).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(results.find((r) => r.id === 9)?.envelope).toMatchObject({
    ok: false,
    error: { code: 'INVALID_INPUT' },
  });
  expect(results.find((r) => r.id === 10)?.envelope).toMatchObject({
    ok: true,
    data: { estimatedCount: 0, connection: { kind: 'embedded' } },
  });
});
