/**
 * Electron's security checklist applied at run time: permissions denied, a CSP response header,
 * navigation and new windows blocked, and only vetted http(s) links handed to the OS browser.
 * The values come from shell-config.ts, which a unit test reads.
 */
import { type Session, shell, type WebContents } from 'electron';
import {
  CONTENT_SECURITY_POLICY,
  DEV_CONTENT_SECURITY_POLICY,
  isAppUrl,
  isSafeExternalUrl,
  type RendererLocation,
} from './shell-config';

export function installSessionSecurity(session: Session, location: RendererLocation): void {
  // The app needs no camera, notifications, geolocation, clipboard-read, HID, serial or USB access.
  // (Screen capture needs a display-media handler to be granted at all; none is installed.)
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  // Every response the renderer gets is the app's own, so each one carries the policy. (file:// loads have
  // no headers; there the <meta> policy of index.html applies, and it is the same policy plus the web host's
  // loopback WebSocket.)
  const policy = location.kind === 'dev' ? DEV_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    headers['Content-Security-Policy'] = [policy];
    callback({ responseHeaders: headers });
  });
}

/** Guards one WebContents (every one the app creates goes through `app.on('web-contents-created')`). */
export function guardWebContents(contents: WebContents, location: RendererLocation): void {
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, location)) return;
    event.preventDefault();
    openExternally(event.url);
  });
  // Sub-frames have nothing to show (frame-src 'none' too); main-frame navigations are handled above.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, location)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** The only door to the outside: plain http(s) links, opened by the OS browser, never inside the app. */
export function openExternally(url: string): void {
  if (!isSafeExternalUrl(url)) return;
  shell.openExternal(url).catch((err) => console.error(`could not open ${url}:`, err));
}
