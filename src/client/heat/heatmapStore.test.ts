import { beforeEach, describe, expect, it } from 'vitest';
import type { IncidentSnapshot } from '../../shared/incidents';
import {
  MAX_LIVE_ARRIVALS,
  heatIncidentOfSnapshot,
  newIncidentsBetween,
  selectHeatIncidents,
  useHeatmapStore,
} from './heatmapStore';
import type { HeatIncident } from './heatWindows';
import { FIXTURE_NOW_MS as NOW_MS, heatIncidentAged } from './heatIncidentFixture';

const HOUR_MS = 3_600_000;

function heatIncident(id: string, ageMs: number, categoryCode = 'dispute'): HeatIncident {
  return heatIncidentAged(id, ageMs, categoryCode);
}

function snapshot(id: string): IncidentSnapshot {
  return {
    id,
    categoryCode: 'dispute',
    priority: 'normal',
    source: 'dispatcher',
    location: { lon: 119.31, lat: 26.09 },
    gridCode: '350102001001002',
    description: 'noise',
    state: 'reported',
    department: null,
    assigneeUsername: null,
    reportedAtMs: NOW_MS,
    dispatchedAtMs: null,
    dueAtMs: null,
    evaluationScore: null,
    escalations: [],
  };
}

beforeEach(() => {
  useHeatmapStore.setState({ loaded: null, arrivals: [], window: '24h', categoryCode: null });
});

describe('heatmap store', () => {
  it('merges the load and the live arrivals once each, inside the window', () => {
    const store = useHeatmapStore.getState();
    store.addArrivals([heatIncident('live', 0), heatIncident('a', HOUR_MS)]);
    store.setLoaded({
      incidents: [heatIncident('a', HOUR_MS), heatIncident('old', 30 * HOUR_MS)],
      filter: { window: '24h', categoryCode: null },
      clockOffsetMs: 0,
      truncated: false,
    });
    // The load already holds `a`: only `live` stays an arrival.
    expect(useHeatmapStore.getState().arrivals.map((incident) => incident.id)).toEqual(['live']);
    store.addArrivals([heatIncident('live', 0)]);
    const shown = selectHeatIncidents(useHeatmapStore.getState(), NOW_MS);
    expect(shown.map((incident) => incident.id).sort()).toEqual(['a', 'live']);
  });

  it('keeps at most MAX_LIVE_ARRIVALS, the newest', () => {
    const many = Array.from({ length: MAX_LIVE_ARRIVALS + 3 }, (_, index) =>
      heatIncident(`i${index}`, 0),
    );
    useHeatmapStore.getState().addArrivals(many);
    const { arrivals } = useHeatmapStore.getState();
    expect(arrivals).toHaveLength(MAX_LIVE_ARRIVALS);
    expect(arrivals.at(-1)?.id).toBe(`i${MAX_LIVE_ARRIVALS + 2}`);
  });

  it('finds the new reports between two incident-store states by id only', () => {
    const first = { A: snapshot('A') };
    const second = { A: { ...snapshot('A'), state: 'registered' as const }, B: snapshot('B') };
    expect(newIncidentsBetween(first, second).map((incident) => incident.id)).toEqual(['B']);
    expect(newIncidentsBetween(second, second)).toEqual([]);
    expect(heatIncidentOfSnapshot(snapshot('B'))).toEqual({
      id: 'B',
      lon: 119.31,
      lat: 26.09,
      reportedAtMs: NOW_MS,
      categoryCode: 'dispute',
      gridCode: '350102001001002',
    });
  });
});
