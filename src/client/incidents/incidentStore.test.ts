import { beforeEach, describe, expect, it } from 'vitest';
import type { IncidentFeedEvent } from '../../shared/incidents';
import { selectFilteredIncidents, runningDeadlineOf } from './incidentSelectors';
import {
  useIncidentStore,
  wallIncidentOf,
  type IncidentFilters,
  type WallIncident,
} from './incidentStore';
import { HOUR_MS, NOW_MS, wallIncident } from './wallIncidentFixture';

const GRID_B = '350102002001001';
const incident = wallIncident;
const event = (sequence: number, snapshot: WallIncident): IncidentFeedEvent => ({
  sequence,
  incident: snapshot,
  transition: null,
  escalation: null,
});
const store = () => useIncidentStore.getState();

beforeEach(() => store().clearIncidents());

describe('incidentStore', () => {
  it('applies feed events once, in sequence order, after the list', () => {
    store().replaceIncidents([incident('A')], 10);
    const applied = store().applyFeedEvents([
      event(12, incident('A', { state: 'dispatched' })),
      event(11, incident('A', { state: 'registered' })),
      event(9, incident('A', { state: 'rejected' })),
    ]);
    expect(applied).toBe(2);
    expect(store().incidents.A?.state).toBe('dispatched');
    expect(store().lastSequence).toBe(12);
    expect(store().applyFeedEvents([event(12, incident('A', { state: 'handling' }))])).toBe(0);
    expect(store().incidents.A?.state).toBe('dispatched');
  });

  it('keeps the responsible grid of a list row across feed snapshots and drops derived fields', () => {
    const row = {
      ...incident('A'),
      responsibleGridCode: '350102001001',
      deadline: {
        phase: 'not_started' as const,
        dispatchedAtMs: null,
        dueAtMs: null,
        allowedMs: null,
        remainingMs: null,
      },
    };
    store().replaceIncidents([wallIncidentOf(row)], 1);
    expect('deadline' in (store().incidents.A ?? {})).toBe(false);
    store().applyFeedEvents([event(2, incident('A', { state: 'registered' }))]);
    expect(store().incidents.A?.responsibleGridCode).toBe('350102001001');
  });

  it('drops a selection the new list no longer has', () => {
    store().replaceIncidents([incident('A'), incident('B')], 1);
    store().selectIncident('B');
    store().replaceIncidents([incident('A')], 2);
    expect(store().selectedIncidentId).toBeNull();
  });

  it('opens the report form picking a place, and the place ends the picking', () => {
    store().openReportForm('city_appearance');
    expect(store().pickingPlace).toBe(true);
    store().updateReportDraft({ place: { lon: 119.3, lat: 26.1 } });
    store().setPickingPlace(false);
    expect(store().reportDraft?.place).toEqual({ lon: 119.3, lat: 26.1 });
    store().closeReportForm();
    expect(store().reportDraft).toBeNull();
  });
});

describe('incident selectors', () => {
  const dispatched = (id: string, dueInMs: number, overrides: Partial<WallIncident> = {}) =>
    incident(id, {
      state: 'dispatched',
      dispatchedAtMs: NOW_MS - 10 * HOUR_MS + dueInMs,
      dueAtMs: NOW_MS + dueInMs,
      ...overrides,
    });

  it('derives the running clock against the given time', () => {
    expect(runningDeadlineOf(dispatched('A', 5 * HOUR_MS), NOW_MS)?.phase).toBe('on_track');
    expect(runningDeadlineOf(dispatched('A', HOUR_MS), NOW_MS)?.phase).toBe('near_deadline');
    expect(runningDeadlineOf(dispatched('A', -1), NOW_MS)?.phase).toBe('overdue');
    expect(runningDeadlineOf(incident('B'), NOW_MS)).toBeNull();
    expect(runningDeadlineOf(dispatched('C', -1, { state: 'feedback' }), NOW_MS)).toBeNull();
  });

  it('filters by openness, category, source, priority, grid and deadline phase, overdue first', () => {
    const incidents = Object.fromEntries(
      [
        incident('reported-low', { priority: 'low' }),
        dispatched('due-soon', HOUR_MS),
        dispatched('overdue', -HOUR_MS),
        incident('closed', { state: 'closed' }),
        incident('elsewhere', { gridCode: GRID_B, categoryCode: 'street_order' }),
        incident('urgent', { priority: 'urgent' }),
        incident('hotline-closed', { source: 'hotline', state: 'closed' }),
      ].map((entry) => [entry.id, entry]),
    );
    const ids = (filters: Partial<IncidentFilters>) =>
      selectFilteredIncidents(
        { incidents, filters: { ...store().filters, ...filters } },
        NOW_MS,
      ).map((entry) => entry.id);
    expect(ids({})).toEqual(['overdue', 'due-soon', 'urgent', 'elsewhere', 'reported-low']);
    expect(ids({ openness: 'closed' })).toEqual(['closed', 'hotline-closed']);
    expect(ids({ openness: 'all', state: 'closed' })).toEqual(['closed', 'hotline-closed']);
    expect(ids({ openness: 'all', source: 'hotline' })).toEqual(['hotline-closed']);
    expect(ids({ source: 'hotline' })).toEqual([]);
    expect(ids({ priority: 'low' })).toEqual(['reported-low']);
    expect(ids({ gridCode: '350102002' })).toEqual(['elsewhere']);
    expect(ids({ categoryCode: 'street_order' })).toEqual(['elsewhere']);
    expect(ids({ deadlinePhase: 'near_deadline' })).toEqual(['due-soon']);
    expect(ids({ deadlinePhase: 'overdue' })).toEqual(['overdue']);
  });
});
