/**
 * The escalation job: every few seconds, with the server clock, each incident whose handling
 * clock runs is checked by the domain's `escalate`; every due step (grid → community → street →
 * district) is recorded and published as its own feed event. The domain dates events at their
 * scheduled time, so a job that runs late (or after a restart) emits the same events, each once.
 */
import { escalate, recordEscalations } from '../../domain/incidents/incidentEscalation';
import type { UnsequencedFeedEvent } from './incidentRepository';
import type { IncidentRepository } from './incidentRepository';
import type { IncidentService } from './incidentService';
import { toIncidentSnapshot } from './incidentViews';
import { ALWAYS_RUN, startPeriodic, type JobGate, type PeriodicJob } from '../startPeriodic';

/** How often the job looks; escalation steps are hours apart, so this is plenty. */
export const ESCALATION_CHECK_MS = 30_000;

export class EscalationJob {
  private job: PeriodicJob | null = null;

  constructor(
    private readonly repository: Pick<IncidentRepository, 'listClockRunning'>,
    private readonly incidents: Pick<IncidentService, 'commitLatest' | 'nowMs'>,
    private readonly onError: (error: unknown) => void = console.error,
  ) {}

  /** One pass at the server's now; returns how many escalation events it recorded. */
  async runOnce(): Promise<number> {
    const nowMs = this.incidents.nowMs();
    let recorded = 0;
    for (const listed of await this.repository.listClockRunning(nowMs)) {
      if (escalate(listed, nowMs).length === 0) continue;
      // Worked out again on the newest copy: a step taken meanwhile (on another server process)
      // may have stopped the clock or changed who handles it.
      const change = await this.incidents.commitLatest(listed.id, (incident) => {
        const due = escalate(incident, nowMs);
        if (due.length === 0) return null;
        const events: UnsequencedFeedEvent[] = [];
        let current = incident;
        for (const escalation of due) {
          current = recordEscalations(current, [escalation]);
          events.push({ incident: toIncidentSnapshot(current), transition: null, escalation });
        }
        return { incident: current, isNew: false, events };
      });
      recorded += change?.events.length ?? 0;
    }
    return recorded;
  }

  /** `mayRun`: whether this process runs the cluster's jobs now (the leader lease). */
  start(intervalMs = ESCALATION_CHECK_MS, mayRun: JobGate = ALWAYS_RUN): void {
    if (this.job !== null) return;
    this.job = startPeriodic(
      () => this.runOnce(),
      intervalMs,
      (error) => this.onError(error),
      mayRun,
    );
  }

  /** No pass starts after this; settles when the one running has ended. */
  async stop(): Promise<void> {
    const job = this.job;
    this.job = null;
    await job?.stop();
  }
}
