/** The current hash route as a store, following `hashchange` (back, forward, links, reloads). */
import { create } from 'zustand';
import { type Location, parseHash } from './hash-route';

interface RouterState {
  location: Location;
  /** Goes to a `#/…` href (pushes a history entry); `replace` swaps the current entry instead. */
  navigate(href: string, options?: { replace?: boolean }): void;
}

const current = (): Location => parseHash(typeof window === 'undefined' ? '' : window.location.hash);

export const useRouter = create<RouterState>((set) => ({
  location: current(),
  navigate(href, options = {}) {
    const hash = href.startsWith('#') ? href : `#${href}`;
    if (options.replace) {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
      set({ location: parseHash(hash) });
    } else if (window.location.hash !== hash) {
      window.location.hash = hash; // fires hashchange, which updates the store
    }
  },
}));

/** Starts following the address bar; returns the unsubscribe function. */
export function followHashChanges(): () => void {
  const update = () => useRouter.setState({ location: current() });
  window.addEventListener('hashchange', update);
  update();
  return () => window.removeEventListener('hashchange', update);
}

/** Navigates to an href (for code outside React components). */
export const navigate = (href: string, options?: { replace?: boolean }) =>
  useRouter.getState().navigate(href, options);
