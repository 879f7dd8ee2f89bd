/**
 * The emergency command panel's state: whether it is open, the active event as last loaded
 * (null: none), and which event's printable report is showing. One source for the panel and
 * the report page; the server holds the truth and the panel reloads it on a timer.
 */
import { create } from 'zustand';
import type { CommandEventView } from '../../../shared/emergencyCommand';

interface CommandState {
  open: boolean;
  /** undefined: not loaded yet; null: no active event. */
  event: CommandEventView | null | undefined;
  reportEventId: number | null;
  setOpen(open: boolean): void;
  setEvent(event: CommandEventView | null): void;
  showReport(eventId: number | null): void;
}

export const useCommandStore = create<CommandState>()((set) => ({
  open: false,
  event: undefined,
  reportEventId: null,
  setOpen: (open) => set({ open }),
  setEvent: (event) => set({ event }),
  showReport: (reportEventId) => set({ reportEventId }),
}));
