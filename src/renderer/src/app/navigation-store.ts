/** Cross-feature navigation requests that are more than a route (the sidebar's "Add connection"). */
import { create } from 'zustand';
import { navigate } from './routing/router-store';

interface NavigationState {
  /** Bumped to open the connections view with its "Add connection" dialog. */
  addRequested: number;
  requestAddConnection(): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  addRequested: 0,
  requestAddConnection: () => {
    navigate('#/connections');
    set((s) => ({ addRequested: s.addRequested + 1 }));
  },
}));
