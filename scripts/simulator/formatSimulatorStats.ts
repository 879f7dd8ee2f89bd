/** One log line of simulator figures, for `npm run simulate` and `npm start`. */
import type { SimulatorStats } from './startSimulator';

export function formatSimulatorStats(stats: SimulatorStats): string {
  const { injected } = stats;
  return [
    `devices ${stats.connectedDevices}/${stats.devices} connected`,
    `fixes ${stats.generatedFixes} made, ${stats.storedFixes} stored, ${stats.duplicateFixes} duplicates, ${stats.rejectedFixes} rejected, ${stats.pendingFixes} waiting`,
    `faults: ${injected.dropouts} dropouts, ${injected.duplicateFixes} sent twice, ${injected.shuffledBatches} shuffled, ${injected.delayedBatches} delayed, ${injected.reconnects} reconnects`,
    `${stats.throttledBatches} throttled, ${stats.unansweredBatches} unanswered`,
  ].join(' · ');
}
