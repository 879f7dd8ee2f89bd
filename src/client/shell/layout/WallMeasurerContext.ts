/** Hands the command center's measurer to the panels docked inside it, without a global. */
import { createContext, useCallback, useContext } from 'react';
import type { WallMeasurer } from './wallMeasurer';

export const WallMeasurerContext = createContext<WallMeasurer | null>(null);

/**
 * A ref callback that reports the element's box to the layout while it is mounted. Outside a
 * command center (a component test) nothing is measured.
 */
export function useMeasuredRef(): (element: HTMLElement | null) => (() => void) | undefined {
  const measurer = useContext(WallMeasurerContext);
  // Stable per measurer: a new callback each render would unobserve and observe every time.
  return useCallback(
    (element: HTMLElement | null) => {
      if (!measurer || !element) return undefined;
      measurer.observe(element);
      return () => measurer.unobserve(element);
    },
    [measurer],
  );
}
