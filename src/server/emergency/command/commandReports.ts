/**
 * The after-action report of an emergency event: its timeline in both languages, the residents
 * per zone at the scenario's last step (counts), every plan checklist with who ticked what and
 * when, the messages per household in the caller's scope (masked), the records involved and the
 * door-knocking tasks with their state now. The XLSX (commandWorkbook.ts) and the wall's
 * printable page are both made from this one object.
 */
import {
  describeTimelineEntry,
  type TimelineEntry,
  type ZoneSnapshot,
} from '../../../domain/emergency/command/commandTimeline';
import type { IncidentState } from '../../../shared/incidents';
import type { CommandReport, ReportRecord } from '../../../shared/emergencyCommand';
import type { Caller } from '../../registry/accessErrors';
import type { StoredEmergencyRecord } from '../records/emergencyRecordRepository';
import type { CommandRepository, StoredCommandEvent } from './commandRepository';
import type { ChecklistStep } from '../../../domain/emergency/command/planChecklist';
import { summaryOf } from './commandService';
import type { ResidentNotifications } from './residentNotifications';
import { LocalizedError } from '../../registry/accessErrors';

/** Records of the district a commander draws on: listed in every report. */
const DISTRICT_RECORD_KINDS = new Set(['resource', 'shelter', 'hazard']);

export interface CommandReportsDeps {
  store: CommandRepository;
  notifications: ResidentNotifications;
  listRecords: () => Promise<StoredEmergencyRecord[]>;
  /** The incident's state for this caller, or null when outside their scope or gone. */
  incidentState: (
    caller: Caller,
    incidentId: string,
  ) => IncidentState | null | Promise<IncidentState | null>;
  now: () => Date;
}

export const NO_EVENT = new LocalizedError(404, {
  zh: '应急事件不存在',
  en: 'No such emergency event',
});

export class CommandReports {
  constructor(private readonly deps: CommandReportsDeps) {}

  /** The checklist of the event's current plan. */
  checklist(event: StoredCommandEvent): Promise<ChecklistStep[]> {
    return this.deps.store.checklist(event.id, event.planSeq);
  }

  timeline(eventId: number): Promise<TimelineEntry[]> {
    return this.deps.store.timeline(eventId, 0);
  }

  async build(caller: Caller, eventId: number): Promise<CommandReport> {
    const event = await this.deps.store.findEvent(eventId);
    if (event === null) throw NO_EVENT;
    const timeline = await this.deps.store.timeline(eventId, 0);
    let zones: ZoneSnapshot[] = [];
    const planIds = new Set<number>();
    const doorKnockTasks: CommandReport['doorKnockTasks'] = [];
    for (const entry of timeline) {
      if (entry.kind === 'scenario_started' || entry.kind === 'scenario_changed') {
        zones = entry.payload.zones;
      }
      if (entry.kind === 'plan_activated') planIds.add(entry.payload.planId);
      if (entry.kind === 'door_knock_assigned') {
        for (const task of entry.payload.taskList) {
          doorKnockTasks.push({
            incidentId: task.incidentId,
            buildingId: task.buildingId,
            households: task.households,
            dispatchedAtAssignment: task.dispatched,
            state: await this.deps.incidentState(caller, task.incidentId),
          });
        }
      }
    }
    const records: ReportRecord[] = (await this.deps.listRecords())
      .filter((record) => planIds.has(record.id) || DISTRICT_RECORD_KINDS.has(record.kind))
      .map((record) => ({
        id: record.id,
        kind: record.kind,
        name: record.name,
        gridCode: record.gridCode,
        role: planIds.has(record.id) ? 'activated_plan' : 'district_record',
      }));
    const checklists = [];
    for (let planSeq = 1; planSeq <= event.planSeq; planSeq++) {
      checklists.push({ planSeq, steps: await this.deps.store.checklist(eventId, planSeq) });
    }
    return {
      event: summaryOf(event),
      generatedAtMs: this.deps.now().getTime(),
      timeline: timeline.map((entry) => ({ ...entry, text: describeTimelineEntry(entry) })),
      zones,
      checklists,
      notificationCounts: await this.deps.notifications.counts(caller, eventId),
      notifications: await this.deps.notifications.list(caller, eventId),
      records,
      doorKnockTasks,
    };
  }
}
