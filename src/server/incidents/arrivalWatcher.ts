/**
 * Arrival on site: while an incident is dispatched (or being handled) its assignee's committed
 * fixes are checked against the domain's geofence (radius + dwell). The first qualifying stay is
 * recorded once per dispatch and published as a feed event with `arrival` set. Only workers with
 * an open assignment are watched, and only their recent fixes are kept in memory. Checks run one
 * after another; the store refuses a second arrival of one dispatch (committed elsewhere), and
 * the check is then made again on the newest copy, which has it.
 */
import {
  ARRIVAL_DWELL_MS,
  MAX_DWELL_FIX_GAP_MS,
  detectArrivalOnSite,
  type SiteFix,
} from '../../domain/incidents/arrivalGeofence';
import type { Incident } from '../../domain/incidents/incident';
import { CLOCK_RUNNING_STATES } from '../../domain/incidents/incidentDeadlines';
import type { Position } from '../../domain/tracking/fix';
import type { IncidentFeedEvent, IncidentSnapshot } from '../../shared/incidents';
import { workerIdOfUsername, workerUsername } from './incidentActors';
import type { IncidentRepository } from './incidentRepository';
import type { IncidentService } from './incidentService';
import { toIncidentSnapshot } from './incidentViews';

/** Fixes older than this (behind the worker's newest) cannot complete a dwell any more. */
export const ARRIVAL_BUFFER_MS = 2 * (ARRIVAL_DWELL_MS + MAX_DWELL_FIX_GAP_MS);

function isWatched(incident: Pick<IncidentSnapshot, 'state' | 'dispatchedAtMs'>): boolean {
  return CLOCK_RUNNING_STATES.includes(incident.state) && incident.dispatchedAtMs !== null;
}

export class ArrivalWatcher {
  /** worker id → ids of their open assignments. */
  private readonly assignments = new Map<number, Set<string>>();
  /** worker id → recent fixes, oldest first. */
  private readonly recentFixes = new Map<number, SiteFix[]>();
  /** The checks under way, one after another (the first: loading the open assignments). */
  private checking: Promise<void>;

  constructor(
    private readonly repository: Pick<
      IncidentRepository,
      'listClockRunning' | 'findIncident' | 'hasArrival'
    >,
    private readonly incidents: Pick<IncidentService, 'commitLatest'>,
    private readonly onError: (error: unknown) => void = console.error,
  ) {
    this.checking = repository
      .listClockRunning()
      .then((incidents) => {
        for (const incident of incidents) this.track(incident);
      })
      .catch(onError);
  }

  /** Resolves when the checks asked for so far are done (tests). */
  idle(): Promise<void> {
    return this.checking;
  }

  /** Keeps the watch list in step with the feed (dispatch, transfer, feedback...). */
  onFeedEvent(event: IncidentFeedEvent): void {
    for (const ids of this.assignments.values()) ids.delete(event.incident.id);
    this.track(event.incident);
  }

  onPositionsCommitted(positions: readonly Position[]): void {
    const touched = new Set<number>();
    for (const position of positions) {
      if (!this.assignments.has(position.workerId)) continue;
      const fixes = this.recentFixes.get(position.workerId) ?? [];
      fixes.push({
        lon: position.lon,
        lat: position.lat,
        fixTimeMs: position.fixTimeMs,
        accuracyM: position.accuracyM,
      });
      this.recentFixes.set(position.workerId, fixes);
      touched.add(position.workerId);
    }
    for (const workerId of touched) {
      this.checking = this.checking.then(() => this.checkWorker(workerId)).catch(this.onError);
    }
  }

  private track(
    incident: Pick<IncidentSnapshot, 'id' | 'state' | 'dispatchedAtMs' | 'assigneeUsername'>,
  ): void {
    const workerId = workerIdOfUsername(incident.assigneeUsername);
    if (workerId === null || !isWatched(incident)) {
      this.dropIdleWorkers();
      return;
    }
    const ids = this.assignments.get(workerId) ?? new Set<string>();
    ids.add(incident.id);
    this.assignments.set(workerId, ids);
  }

  private dropIdleWorkers(): void {
    for (const [workerId, ids] of this.assignments) {
      if (ids.size > 0) continue;
      this.assignments.delete(workerId);
      this.recentFixes.delete(workerId);
    }
  }

  private async checkWorker(workerId: number): Promise<void> {
    const fixes = (this.recentFixes.get(workerId) ?? []).sort(
      (left, right) => left.fixTimeMs - right.fixTimeMs,
    );
    const newestMs = fixes.at(-1)?.fixTimeMs ?? 0;
    const kept = fixes.filter((fix) => fix.fixTimeMs >= newestMs - ARRIVAL_BUFFER_MS);
    this.recentFixes.set(workerId, kept);
    for (const incidentId of [...(this.assignments.get(workerId) ?? [])]) {
      const incident = await this.repository.findIncident(incidentId);
      if (incident === null || !isWatched(incident)) continue;
      await this.checkIncident(workerId, incident, kept);
    }
  }

  private async checkIncident(
    workerId: number,
    incident: Incident,
    fixes: readonly SiteFix[],
  ): Promise<void> {
    const dispatchedAtMs = incident.dispatchedAtMs ?? 0;
    if (incident.assigneeUsername !== workerUsername(workerId)) return;
    if (await this.repository.hasArrival(incident.id, dispatchedAtMs)) return;
    const sinceDispatch = fixes.filter((fix) => fix.fixTimeMs >= dispatchedAtMs);
    const found = detectArrivalOnSite(incident.location, sinceDispatch);
    if (found === null) return;
    const arrival = {
      incidentId: incident.id,
      workerId,
      assigneeUsername: workerUsername(workerId),
      arrivedAtMs: found.arrivedAtMs,
      confirmedAtMs: found.confirmedAtMs,
    };
    // On the newest copy: another server process may have moved the incident on meanwhile.
    await this.incidents.commitLatest(incident.id, async (current) => {
      const unchanged =
        isWatched(current) &&
        current.assigneeUsername === arrival.assigneeUsername &&
        (current.dispatchedAtMs ?? 0) === dispatchedAtMs &&
        !(await this.repository.hasArrival(current.id, dispatchedAtMs));
      if (!unchanged) return null;
      return {
        incident: current,
        isNew: false,
        events: [
          { incident: toIncidentSnapshot(current), transition: null, escalation: null, arrival },
        ],
        arrival: { ...arrival, dispatchedAtMs },
      };
    });
  }
}
