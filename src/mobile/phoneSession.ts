/**
 * One paired phone at work: the outbox, the /device link and the GPS watch, wired to the phone
 * store. Every report and task step is put in the outbox first and sent from there, so a step
 * taken offline goes out once the network returns, exactly once (the server knows its reference).
 */
import type { DeviceIncidentResult } from '../shared/incidents';
import type { PairedDevice } from '../shared/tracking';
import type { RegisterRequestSubmission } from '../shared/registerRequests';
import type { DeviceFix } from '../shared/trackingEvents';
import { fixOfPosition, shouldKeepFix } from './fixSampling';
import { phoneText } from './phoneLocales';
import { PhoneLink } from './phoneLink';
import type { PendingCommand, PhoneOutbox } from './phoneOutbox';
import { usePhoneStore } from './phoneStore';
import type { MapPoint } from './ReportMap';

const store = () => usePhoneStore.getState();

/** A new incident as the report sheet hands it over. */
export interface ReportDraft {
  categoryCode: string;
  description: string;
  /** The GPS position or a point tapped on the map. */
  point: MapPoint;
  /** Resized JPEGs, kept in the outbox until uploaded. */
  photos: Blob[];
}

const VIBRATION_PATTERN_MS = [200, 100, 200];
const BEEP_HZ = 880;
const BEEP_S = 0.25;

/** A new or returned task: vibrate and beep (both are best effort; browsers may refuse). */
function alertWorker(): void {
  globalThis.navigator?.vibrate?.(VIBRATION_PATTERN_MS);
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    tone.frequency.value = BEEP_HZ;
    tone.connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + BEEP_S);
    tone.onended = () => void audio.close();
  } catch {
    // No audio (no user gesture yet, or no AudioContext): the vibration and the list remain.
  }
}

export class PhoneSession {
  private readonly link: PhoneLink;
  private watchId: number | null = null;
  private lastKept: DeviceFix | null = null;

  constructor(
    private readonly outbox: PhoneOutbox,
    private readonly geolocation: Geolocation | undefined = globalThis.navigator?.geolocation,
    baseUrl = '',
  ) {
    this.link = new PhoneLink(
      outbox,
      {
        connection: (state) => store().setLink(state),
        task: (task) => {
          if (store().receiveTask(task)) alertWorker();
        },
        answered: (command, result) => this.onAnswered(command, result),
        pending: (counts) => store().setPending(counts),
        revoked: () => {
          this.stopGps();
          store().setDevice(null);
          store().setNotice(phoneText(store().language, 'revoked'));
        },
      },
      baseUrl,
    );
  }

  start(device: PairedDevice): void {
    this.link.connect(device.token);
  }

  stop(): void {
    this.stopGps();
    this.link.close();
  }

  startGps(): void {
    if (this.geolocation === undefined) {
      store().setGps('unavailable');
      return;
    }
    if (this.watchId !== null) return;
    store().setGps('waiting');
    this.watchId = this.geolocation.watchPosition(
      (position) => void this.onPosition(position),
      (error) => store().setGps(error.code === error.PERMISSION_DENIED ? 'denied' : 'waiting'),
      { enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 },
    );
  }

  stopGps(): void {
    if (this.watchId !== null) this.geolocation?.clearWatch(this.watchId);
    this.watchId = null;
    store().setGps('off');
  }

  async sos(active: boolean): Promise<boolean> {
    const sent = await this.link.sos(active, Date.now());
    if (sent) store().setSos(active);
    return sent;
  }

  async handleTask(incidentId: string): Promise<void> {
    await this.queue({
      clientRef: `${incidentId}:handle`,
      kind: 'task',
      command: { incidentId, action: 'handle', note: '', atMs: Date.now() },
    });
    store().setTaskStep(incidentId, 'handling');
  }

  /** Gives the task back to the dispatcher with a reason; it leaves the phone's list. */
  async decline(incidentId: string, reason: string): Promise<void> {
    await this.queue({
      clientRef: `${incidentId}:decline`,
      kind: 'task',
      command: { incidentId, action: 'decline', note: reason, atMs: Date.now() },
    });
    store().removeTask(incidentId);
  }

  async feedBack(incidentId: string, note: string, photos: Blob[] = []): Promise<void> {
    await this.queue({
      clientRef: `${incidentId}:feedback`,
      kind: 'task',
      command: { incidentId, action: 'feedback', note, atMs: Date.now() },
      ...(photos.length === 0 ? {} : { photos }),
    });
    store().setTaskStep(incidentId, 'done');
  }

  /**
   * A new incident at the draft's point (GPS or a tap on the map), queued with its photos: they
   * are uploaded first and the report carries their ids (commandPhotos.ts).
   */
  async report(draft: ReportDraft): Promise<boolean> {
    const clientRef = `report-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    await this.queue({
      clientRef,
      kind: 'report',
      report: {
        clientRef,
        categoryCode: draft.categoryCode,
        description: draft.description,
        lon: draft.point.lon,
        lat: draft.point.lat,
        reportedAtMs: Date.now(),
      },
      ...(draft.photos.length === 0 ? {} : { photos: draft.photos }),
    });
    return true;
  }

  /** A visit log or household change request, queued in the outbox under a new client id. */
  async collect(
    submission: Omit<RegisterRequestSubmission, 'clientId' | 'observedAt'>,
  ): Promise<void> {
    const clientId = `collect-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
    await this.queue({
      clientRef: clientId,
      kind: 'register',
      submission: { ...submission, clientId, observedAt: new Date().toISOString() },
    });
  }

  private async queue(command: PendingCommand): Promise<void> {
    await this.outbox.addCommand(command, Date.now());
    if (store().link !== 'online') store().setNotice(phoneText(store().language, 'tasks.queued'));
    await this.link.reportPending();
    await this.link.flush();
  }

  private async onPosition(position: GeolocationPosition): Promise<void> {
    const fix = fixOfPosition(position);
    store().setGps('on', Math.round(fix.accuracyM));
    store().setLastFix({ lon: fix.lon, lat: fix.lat });
    if (!shouldKeepFix(this.lastKept, fix)) return;
    this.lastKept = fix;
    await this.outbox.addFix(fix);
    await this.link.flush();
  }

  private onAnswered(command: PendingCommand, result: DeviceIncidentResult): void {
    const { language } = store();
    if (command.kind === 'register') {
      store().setNotice(
        result.ok
          ? phoneText(language, 'collect.sent')
          : phoneText(language, 'report.refused', { message: result.message }),
      );
    } else if (command.kind === 'report') {
      store().setNotice(
        result.ok
          ? phoneText(language, 'report.sent', { id: result.incidentId })
          : phoneText(language, 'report.refused', { message: result.message }),
      );
    } else if (!result.ok) {
      store().setNotice(phoneText(language, 'report.refused', { message: result.message }));
    }
  }
}
