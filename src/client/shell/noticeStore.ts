/**
 * Transient notices (errors and confirmations) shown over the command center. Plain data: a
 * message key and parameters, so a notice re-renders in the language the user switches to.
 */
import { create } from 'zustand';
import type { MessageKey } from './locales/zh';

export type NoticeTone = 'error' | 'info';

export interface Notice {
  id: number;
  tone: NoticeTone;
  messageKey: MessageKey;
  params?: Record<string, string | number>;
}

/** At most this many notices stay on screen; older ones give way. */
export const MAX_VISIBLE_NOTICES = 3;

interface NoticeState {
  notices: Notice[];
  lastId: number;
  push(notice: Omit<Notice, 'id'>): number;
  dismiss(id: number): void;
  clear(): void;
}

export const useNoticeStore = create<NoticeState>()((set, get) => ({
  notices: [],
  lastId: 0,
  push: (notice) => {
    const id = get().lastId + 1;
    set((state) => {
      // The same message twice in a row (a retry that failed again) is shown once.
      const others = state.notices.filter(
        (shown) =>
          shown.messageKey !== notice.messageKey ||
          JSON.stringify(shown.params) !== JSON.stringify(notice.params),
      );
      return { lastId: id, notices: [...others, { ...notice, id }].slice(-MAX_VISIBLE_NOTICES) };
    });
    return id;
  },
  dismiss: (id) =>
    set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
  clear: () => set({ notices: [] }),
}));
