/** Which feature view fills the main area. Kept tiny: features own their own state. */
import { create } from 'zustand';

export type ViewId = 'overview' | 'connections';

interface NavigationState {
  view: ViewId;
  /** Opens the connections view with its "Add connection" dialog. */
  addRequested: number;
  show(view: ViewId): void;
  requestAddConnection(): void;
}

export const useNavigation = create<NavigationState>((set) => ({
  view: 'overview',
  addRequested: 0,
  show: (view) => set({ view }),
  requestAddConnection: () => set((s) => ({ view: 'connections', addRequested: s.addRequested + 1 })),
}));
