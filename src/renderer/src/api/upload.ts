/**
 * Streams one file to the web host (`POST /upload`), for ingestion from a browser. The File is the
 * request body as it is, so the browser reads it from disk as it sends (memory stays flat for a large
 * file); the upload belongs to this page's WebSocket session (`x-session-id` from `app.session`).
 */
import type { UploadResult } from '#shared/contract';
import { DatalakeError, errorFromPayload, InvalidInputError } from '#shared/errors';
import { getClient } from './client';
import { readSessionToken } from './ws-bridge';

let sessionId: Promise<string> | undefined;

/** This page's session id (asked once; asked again after a reconnect made it stale). */
function currentSession(): Promise<string> {
  sessionId ??= getClient()
    .call('app.session', {})
    .then((s) => s.sessionId)
    .catch((err) => {
      sessionId = undefined;
      throw err;
    });
  return sessionId;
}

export async function uploadFile(file: File, options: { signal?: AbortSignal } = {}): Promise<UploadResult> {
  if (getClient().host !== 'web') {
    throw new InvalidInputError(
      'Uploads are for the browser: the desktop app reads dropped files where they are',
    );
  }
  // The answer's schema loads while the file is sent, not with the first screen.
  const schema = import('#shared/contract/wire').then((m) => m.uploadResultSchema);
  schema.catch(() => {}); // awaited below; a failed load is reported there
  const attempt = async () => {
    const token = readSessionToken();
    const response = await fetch(`/upload${token ? `?token=${encodeURIComponent(token)}` : ''}`, {
      method: 'POST',
      headers: {
        'x-file-name': encodeURIComponent(file.name),
        'x-session-id': await currentSession(),
        'content-type': 'application/octet-stream',
      },
      body: file,
      signal: options.signal,
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new DatalakeError(`The host answered the upload of ${file.name} with HTTP ${response.status}`);
    }
    const envelope = body as { ok?: boolean; data?: unknown; error?: Parameters<typeof errorFromPayload>[0] };
    if (envelope.ok === true) return (await schema).parse(envelope.data);
    if (envelope.error) throw errorFromPayload(envelope.error);
    throw new DatalakeError(`The host answered the upload of ${file.name} with HTTP ${response.status}`);
  };
  try {
    return await attempt();
  } catch (err) {
    // The socket reconnected (a new session): ask for its id once more and retry once.
    if (err instanceof InvalidInputError && /x-session-id/.test(err.message)) {
      sessionId = undefined;
      return attempt();
    }
    throw err;
  }
}
