/** Which administration view is open (over the wall, or on the desk of a role without one). */
import { create } from 'zustand';

export type AdminView =
  'hotline' | 'tasks' | 'users' | 'requests' | 'emergency' | 'audit' | 'password' | null;

interface AdminState {
  view: AdminView;
  open(view: AdminView): void;
}

export const useAdminStore = create<AdminState>((set) => ({
  view: null,
  open: (view) => set({ view }),
}));
