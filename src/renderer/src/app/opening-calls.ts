/**
 * The calls the first screen waits for: the opening route's prefetch (the overview's estimate), the
 * connection list, and the app's name and version. main.tsx asks for them before React's first render, so
 * they leave the moment the socket opens and the host answers while React renders (the overview's first
 * paint budget); AppFrame asks for them as it mounts when main.tsx did not (component tests).
 */
import { useConnections } from '../features/connections/connections-store';
import { useAppInfo } from './app-info-store';
import { HOME_HREF, resolveRoute } from './features';
import { parseHash } from './routing/hash-route';
import { useRouter } from './routing/router-store';

let askedEarly = false;

function ask(): void {
  // The route the app opens on (`#/` and unknown routes land on the home view).
  const opening = resolveRoute(useRouter.getState().location) ?? resolveRoute(parseHash(HOME_HREF));
  opening?.route.prefetch?.(opening.match);
  void useConnections.getState().load();
  void useAppInfo.getState().load();
}

/** From main.tsx, before the first render. */
export function askOpeningCallsEarly(): void {
  askedEarly = true;
  ask();
}

/** From AppFrame's first mount: asks unless main.tsx already has, for this page. */
export function askOpeningCallsOnMount(): void {
  if (!askedEarly) ask();
}
