/** Which administration view is open over the wall (none, users, audit log). */
import { create } from 'zustand';

export type AdminView = 'users' | 'audit' | 'password' | null;

interface AdminState {
  view: AdminView;
  open(view: AdminView): void;
}

export const useAdminStore = create<AdminState>((set) => ({
  view: null,
  open: (view) => set({ view }),
}));
