/**
 * Payload bytes in Electron: the private `datalake-payload:` scheme (`datalake-payload://payload/<id>?file=…`)
 * answers from the same payload service as the web host's `GET /payload/<id>`, with the same headers and
 * error envelopes. Only the app's own session has the scheme; the CSP lets the renderer load it.
 *
 * electron is imported for types only, so `respondToPayloadRequest` runs in unit tests without the binary.
 */
import { Readable } from 'node:stream';
import type { Protocol } from 'electron';
import { type PayloadService, payloadErrorBody, payloadHeaders } from './services/payload-service';
import { PAYLOAD_SCHEME } from './shell-config';

/** Privileges the scheme needs (registered before the app is ready): fetchable, streamable, secure. */
export const PAYLOAD_SCHEME_PRIVILEGES = {
  scheme: PAYLOAD_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

export async function respondToPayloadRequest(
  request: { url: string; method: string },
  payloads: PayloadService,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405 });
  }
  const url = new URL(request.url);
  if (url.protocol !== `${PAYLOAD_SCHEME}:` || url.host !== 'payload') {
    return new Response('Not found', { status: 404 });
  }
  try {
    const as = url.searchParams.get('as');
    const payload = await payloads.open({
      id: decodeURIComponent(url.pathname.replace(/^\//, '')),
      file: url.searchParams.get('file') ?? undefined,
      as: as === 'png' ? 'png' : undefined,
    });
    if (request.method === 'HEAD') {
      payload.body.destroy();
      return new Response(null, { status: 200, headers: payloadHeaders(payload) });
    }
    return new Response(Readable.toWeb(payload.body) as ReadableStream, {
      status: 200,
      headers: payloadHeaders(payload),
    });
  } catch (err) {
    const { status, body } = payloadErrorBody(err);
    return new Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  }
}

/** Serves the scheme in a session's protocol; returns the function that stops it. */
export function handlePayloads(
  protocol: Pick<Protocol, 'handle' | 'unhandle'>,
  payloads: PayloadService,
): () => void {
  protocol.handle(PAYLOAD_SCHEME, (request) => respondToPayloadRequest(request, payloads));
  return () => protocol.unhandle(PAYLOAD_SCHEME);
}
