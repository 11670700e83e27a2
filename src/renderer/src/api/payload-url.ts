/**
 * Where the renderer loads a datum's payload bytes from: the web host's `/payload/<id>` (its token cookie
 * authorises it), or the Electron shell's private `datalake-payload:` scheme. Use it for <img src> and fetch.
 */
import { getClient } from './client';

export interface PayloadUrlOptions {
  /** One file of the object; default: the file a viewer shows. */
  file?: string;
  /** `png`: an image array drawn as a PNG. */
  as?: 'png';
}

export function payloadUrl(id: string, options: PayloadUrlOptions = {}): string {
  const params = new URLSearchParams();
  if (options.file) params.set('file', options.file);
  if (options.as) params.set('as', options.as);
  const query = params.toString() ? `?${params}` : '';
  const path = encodeURIComponent(id);
  return getClient().host === 'electron'
    ? `datalake-payload://payload/${path}${query}`
    : `/payload/${path}${query}`;
}
