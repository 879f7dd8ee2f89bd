/**
 * A grid worker's phone as far as incidents go (demo data): it receives the dispatcher's `task`,
 * goes to the site, sends `handle` on arrival and `feedback` when done; and it reports what the
 * worker finds on patrol with `reportIncident`. A few tasks wait LATE_TASK_WAIT_MS first
 * (isLeftToRunLate), so the wall shows incidents near and past their deadline, escalating. A task the server sends again
 * (reconnect) is not handled twice. The link is an interface so this is tested without a server.
 */
import type {
  DeviceIncidentReport,
  DeviceIncidentResult,
  DeviceTask,
  DeviceTaskCommand,
} from '../../../src/shared/incidents';
import { isLeftToRunLate, minutesToMs, planLifecycle } from './incidentLifecycle';

export interface TaskDeviceLink {
  /** Registers the handler for tasks (at most one). */
  onTask(handler: (task: DeviceTask) => void): void;
  sendTaskCommand(command: DeviceTaskCommand): Promise<DeviceIncidentResult>;
  reportIncident(report: DeviceIncidentReport): Promise<DeviceIncidentResult>;
  isConnected(): boolean;
  close(): void;
}

export interface TaskWorkerTiming {
  /** Time from the task to arrival on site (may send the GPS walker there). */
  travelMs(task: DeviceTask, workerId: number): number;
  /** Time on site from `handle` to `feedback`. */
  handlingMs(task: DeviceTask): number;
}

/** The demo's pace: 2–8 minutes to walk there, 3–12 on site, per task (deterministic). */
export const DEMO_TASK_TIMING: TaskWorkerTiming = {
  travelMs: (task) =>
    minutesToMs(2 + (planLifecycle(`walk:${task.incidentId}`).acceptAfterMin % 6)),
  handlingMs: (task) =>
    minutesToMs(3 + (planLifecycle(`site:${task.incidentId}`).feedbackAfterMin % 9)),
};

const HANDLE_NOTE = '已到达现场，正在处置';
const FEEDBACK_NOTE = '处置完毕，已拍照上传（演示数据）';
const REWORK_NOTE = '已按要求返工处置（演示数据）';
/** A task left to run late is taken up after this long. */
export const LATE_TASK_WAIT_MS = 6 * 60 * 60 * 1000;
/** Looks at a fed-back task this many times for a return for rework. */
const REWORK_CHECKS = 3;

export class SimulatedTaskWorker {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Incident ids this phone has started on (the server resends tasks on reconnect). */
  private readonly started = new Set<string>();
  private reportCount = 0;
  private closed = false;

  constructor(
    readonly workerId: number,
    private readonly link: TaskDeviceLink,
    private readonly timing: TaskWorkerTiming,
    private readonly log: (line: string) => void = () => undefined,
    private readonly nowMs: () => number = Date.now,
  ) {
    link.onTask((task) => this.onTask(task));
  }

  isConnected(): boolean {
    return this.link.isConnected();
  }

  /** Tasks taken (late ones included), for stats. */
  get tasksStarted(): number {
    return this.started.size;
  }

  private later(delayMs: number, run: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed)
        void run().catch((error: unknown) => this.log(`worker ${this.workerId}: ${String(error)}`));
    }, delayMs);
    this.timers.add(timer);
  }

  private onTask(task: DeviceTask): void {
    if (this.closed || this.started.has(task.incidentId)) return;
    this.started.add(task.incidentId);
    if (isLeftToRunLate(task.incidentId)) {
      // Late, not forgotten: urgent ones run overdue and escalate, the rest get near the deadline.
      this.later(LATE_TASK_WAIT_MS, async () => this.go(task));
      return;
    }
    this.go(task);
  }

  private go(task: DeviceTask): void {
    this.later(this.timing.travelMs(task, this.workerId), async () => {
      await this.command(task, 'handle', HANDLE_NOTE);
      this.later(this.timing.handlingMs(task), async () => {
        await this.command(task, 'feedback', FEEDBACK_NOTE);
        this.recheck(task, REWORK_CHECKS);
      });
    });
  }

  /**
   * The server does not tell a phone that its feedback was returned for rework; the worker looks
   * at the task again a few times and, when it is back in handling, feeds back again (a refusal
   * means it was closed or moved on: nothing to do).
   */
  private recheck(task: DeviceTask, checksLeft: number): void {
    if (checksLeft <= 0) return;
    this.later(this.timing.handlingMs(task), async () => {
      const result = await this.link.sendTaskCommand({
        incidentId: task.incidentId,
        action: 'feedback',
        note: REWORK_NOTE,
        atMs: this.nowMs(),
      });
      if (!result.ok) this.recheck(task, checksLeft - 1);
    });
  }

  private async command(task: DeviceTask, action: 'handle' | 'feedback', note: string) {
    const result = await this.link.sendTaskCommand({
      incidentId: task.incidentId,
      action,
      note,
      atMs: this.nowMs(),
    });
    // A refused step (the dispatcher transferred it meanwhile) is the server's word: drop it. A
    // task resent on connect may already be in handling (accepted before a restart): its refused
    // `handle` is expected, and the feedback follows as usual.
    if (result.ok || (action === 'handle' && result.error === 'illegal_transition')) return;
    this.log(`worker ${this.workerId} ${action} ${task.incidentId}: ${result.error}`);
  }

  /** Reports something found on patrol; resolves with the server's answer. */
  async report(report: Omit<DeviceIncidentReport, 'clientRef'>): Promise<DeviceIncidentResult> {
    this.reportCount += 1;
    const clientRef = `sim-${this.workerId}-${report.reportedAtMs}-${this.reportCount}`;
    return this.link.reportIncident({ ...report, clientRef });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.link.close();
  }
}
