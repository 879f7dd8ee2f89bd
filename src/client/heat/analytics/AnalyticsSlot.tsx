/**
 * Where the 2D analytics view goes in the layout: nothing while closed, and deck.gl is loaded
 * (its own chunk) only the first time the view opens, so the wall's start stays light.
 */
import { lazy, Suspense } from 'react';
import { useHeatmapStore } from '../heatmapStore';

const AnalyticsView = lazy(() =>
  import('./AnalyticsView').then((module) => ({ default: module.AnalyticsView })),
);

export function AnalyticsSlot() {
  const open = useHeatmapStore((state) => state.analyticsOpen);
  if (!open) return null;
  return (
    <Suspense fallback={<section className="analytics-view is-loading" aria-busy="true" />}>
      <AnalyticsView />
    </Suspense>
  );
}
