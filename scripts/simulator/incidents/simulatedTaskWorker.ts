/**
 * A grid worker's phone as far as incidents go (demo data): it receives the dispatcher's `task`,
 * goes to the site, sends `handle` on arrival and `feedback` when done; and it reports what the
 * worker finds on patrol with `reportIncident`. A few tasks are taken up only at their planned
 * late time (lateTakeUpAtMs: a bounded time past the deadline), so the wall shows incidents near
 * and past their deadline, escalating, and then done. A task the server sends again (reconnect) is
 * not handled twice. The link is an interface so this is tested without a server.
 */
import type {
  DeviceIncidentReport,
  DeviceIncidentResult,
  DeviceTask,
  DeviceTaskCommand,
} from '../../../src/shared/incidents';
import { lateTakeUpAtMs, minutesToMs, planLifecycle } from './incidentLifecycle';

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
/**
 * Looks at a fed-back task this many times for a return for rework, each wait twice the last
 * (from one handling time up to about 60): a busy dispatcher may take hours to look at it.
 */
export const REWORK_CHECKS = 6;

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
    // Late, not forgotten: the wait is to a planned time, not a fixed delay, so a phone that
    // restarts (and gets the task again) still takes it up at the same bounded time past due.
    const takeUpAtMs = lateTakeUpAtMs(task);
    if (takeUpAtMs === null) this.go(task);
    else this.later(Math.max(0, takeUpAtMs - this.nowMs()), async () => this.go(task));
  }

  private go(task: DeviceTask): void {
    this.later(this.timing.travelMs(task, this.workerId), async () => {
      await this.command(task, 'handle', HANDLE_NOTE);
      this.later(this.timing.handlingMs(task), async () => {
        await this.command(task, 'feedback', FEEDBACK_NOTE);
        this.recheck(task, 0);
      });
    });
  }

  /**
   * The server does not tell a phone that its feedback was returned for rework; the worker looks
   * at the task again now and then and, when it is back in handling, feeds back again and starts
   * looking afresh (it may be returned once more). A refusal means it still waits for the
   * dispatcher, or was closed or moved on; after the last look the phone lets it go.
   */
  private recheck(task: DeviceTask, checksDone: number): void {
    if (checksDone >= REWORK_CHECKS) return;
    this.later(this.timing.handlingMs(task) * 2 ** checksDone, async () => {
      const result = await this.link.sendTaskCommand({
        incidentId: task.incidentId,
        action: 'feedback',
        note: REWORK_NOTE,
        atMs: this.nowMs(),
      });
      this.recheck(task, result.ok ? 0 : checksDone + 1);
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
