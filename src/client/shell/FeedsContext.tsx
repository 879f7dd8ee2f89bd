/**
 * The session feeds reach the shell through context, started once in main.tsx. Views get only
 * the globe attachment: what the feeds deliver, they read from the stores.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { SessionFeeds } from '../feeds/sessionFeeds';

export type GlobeAttachment = Pick<SessionFeeds, 'attachGlobe'>;

const FeedsContext = createContext<GlobeAttachment | null>(null);

export function FeedsProvider({
  feeds,
  children,
}: {
  feeds: GlobeAttachment;
  children: ReactNode;
}) {
  return <FeedsContext.Provider value={feeds}>{children}</FeedsContext.Provider>;
}

export function useFeeds(): GlobeAttachment {
  const feeds = useContext(FeedsContext);
  if (feeds === null) throw new Error('useFeeds outside FeedsProvider');
  return feeds;
}
