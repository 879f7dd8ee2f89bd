/** Whether the assessment panel is open on the wall (the top bar's button toggles it). */
import { create } from 'zustand';

interface AssessmentState {
  open: boolean;
  setOpen(open: boolean): void;
  toggle(): void;
}

export const useAssessmentStore = create<AssessmentState>()((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
  toggle: () => set((state) => ({ open: !state.open })),
}));
