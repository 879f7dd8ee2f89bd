/**
 * Incidents on /device: a worker reports from the phone (`reportIncident`, created
 * once per client ref however often it is resent), moves an assigned incident on (`taskCommand`),
 * and receives `task` when a dispatcher confirms — again on every reconnect while the task is
 * open. The /device middleware (tracking/deviceGateway.ts) has already set which worker it is.
 */
import type { Socket } from 'socket.io';
import { OPEN311_MAX_DESCRIPTION_CHARS } from '../../domain/incidents/open311Intake';
import type { IncidentCommand } from '../../domain/incidents/incident';
import type {
  DeviceIncidentReport,
  DeviceIncidentResult,
  DeviceTask,
  DeviceTaskCommand,
} from '../../shared/incidents';
import {
  workerDevicesRoom,
  type DeviceNamespace,
  type DeviceSocketData,
} from '../tracking/deviceGateway';
import { NotFoundError } from '../registry/accessErrors';
import { MAX_PHOTOS_PER_STEP, type PhotoStore } from './photos/photoStore';
import { workerActor, workerUsername } from './incidentActors';
import type { IncidentRepository } from './incidentRepository';
import { OUTSIDE_DISTRICT_MESSAGE, type IncidentService } from './incidentService';
import { toDeviceTask, type TaskDelivery } from './dispatchService';

export const MAX_CLIENT_REF_LENGTH = 100;
const MAX_NOTE_LENGTH = 2000;
/** A photo id is a UUID (36 characters). */
const MAX_PHOTO_ID_LENGTH = 36;

export const DEVICE_ACTIONS: Record<DeviceTaskCommand['action'], IncidentCommand['action']> = {
  handle: 'accept',
  decline: 'decline',
  feedback: 'feed_back',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isShortText(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

/** Photo ids of a report or feedback: absent, or at most MAX_PHOTOS_PER_STEP short strings. */
function parsePhotoIds(value: unknown): string[] | undefined | null {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) ||
    value.length > MAX_PHOTOS_PER_STEP ||
    !value.every((id) => isShortText(id, MAX_PHOTO_ID_LENGTH))
  )
    return null;
  return value as string[];
}

function parseReport(value: unknown): DeviceIncidentReport | null {
  if (!isRecord(value)) return null;
  const { clientRef, categoryCode, lon, lat, description, reportedAtMs } = value;
  if (!isShortText(clientRef, MAX_CLIENT_REF_LENGTH) || clientRef === '') return null;
  if (typeof categoryCode !== 'string' || !isShortText(description, OPEN311_MAX_DESCRIPTION_CHARS))
    return null;
  if (!isFiniteNumber(lon) || !isFiniteNumber(lat) || !isFiniteNumber(reportedAtMs)) return null;
  const photoIds = parsePhotoIds(value.photoIds);
  if (photoIds === null) return null;
  const report = { clientRef, categoryCode, lon, lat, description, reportedAtMs };
  return photoIds === undefined ? report : { ...report, photoIds };
}

function isDeviceAction(action: unknown): action is DeviceTaskCommand['action'] {
  return typeof action === 'string' && Object.hasOwn(DEVICE_ACTIONS, action);
}

function parseTaskCommand(value: unknown): DeviceTaskCommand | null {
  if (!isRecord(value)) return null;
  const { incidentId, action, note, atMs } = value;
  if (typeof incidentId !== 'string' || !isDeviceAction(action)) return null;
  if (!isShortText(note, MAX_NOTE_LENGTH) || !isFiniteNumber(atMs)) return null;
  const photoIds = parsePhotoIds(value.photoIds);
  if (photoIds === null) return null;
  if (photoIds === undefined) return { incidentId, action, note, atMs };
  return { incidentId, action, note, atMs, photoIds };
}

const INVALID: DeviceIncidentResult = {
  ok: false,
  error: 'invalid_payload',
  message: 'the payload does not have the expected shape',
};

export interface IncidentDeviceDeps {
  incidents: IncidentService;
  /** Photos the phone uploaded, attached to a feedback step. */
  photos?: Pick<PhotoStore, 'attach' | 'attachInTransaction' | 'release'>;
  repository: Pick<IncidentRepository, 'incidentIdOfDeviceReport' | 'listAssignedOpen'>;
}

export class IncidentDeviceHandlers implements TaskDelivery {
  private namespace: DeviceNamespace | null = null;

  constructor(private readonly deps: IncidentDeviceDeps) {}

  attach(namespace: DeviceNamespace): void {
    this.namespace = namespace;
    namespace.on('connection', (socket) => this.onConnection(socket as unknown as Socket));
  }

  sendTask(workerId: number, task: DeviceTask): number {
    this.namespace?.to(workerDevicesRoom(workerId)).emit('task', task);
    return this.connectedDeviceCount(workerId);
  }

  connectedDeviceCount(workerId: number): number {
    return this.namespace?.adapter.rooms.get(workerDevicesRoom(workerId))?.size ?? 0;
  }

  private onConnection(socket: Socket): void {
    const { device } = socket.data as Partial<DeviceSocketData>;
    if (device === undefined) return;
    const { workerId } = device;
    void socket.join(workerDevicesRoom(workerId));
    socket.on('reportIncident', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      void this.report(workerId, payload).then(ack as (result: DeviceIncidentResult) => void);
    });
    socket.on('taskCommand', (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      void this.command(workerId, payload).then(ack as (result: DeviceIncidentResult) => void);
    });
    // Open tasks again: the phone may have lost them, or was off when they were dispatched.
    for (const incident of this.deps.repository.listAssignedOpen(workerUsername(workerId))) {
      socket.emit('task', toDeviceTask(incident, incident.history.at(-1) ?? null));
    }
  }

  private async report(workerId: number, payload: unknown): Promise<DeviceIncidentResult> {
    const report = parseReport(payload);
    if (report === null) return INVALID;
    // A resend after a lost answer: the first report stands, its photos already attached.
    const known = this.deps.repository.incidentIdOfDeviceReport(workerId, report.clientRef);
    if (known !== null) return { ok: true, incidentId: known };
    const photoIds = report.photoIds ?? [];
    const { photos } = this.deps;
    let claimedFor: string | null = null;
    const outcome = this.deps.incidents.reportFrom(
      workerActor(workerId),
      {
        categoryCode: report.categoryCode,
        location: { lon: report.lon, lat: report.lat },
        description: report.description,
        source: 'worker',
        ...(photoIds.length === 0 || photos === undefined
          ? {}
          : {
              claimAttachments: (incidentId: string) => {
                claimedFor = incidentId;
                return photos.attachInTransaction(photoIds, workerId, incidentId);
              },
            }),
      },
      { deviceReport: { workerId, clientRef: report.clientRef } },
    );
    if (outcome.ok) return { ok: true, incidentId: outcome.incident.id };
    // A refused report keeps nothing: its photos may come with the next try.
    if (claimedFor !== null) await photos?.release(photoIds, claimedFor);
    if ('outsideDistrict' in outcome) {
      return { ok: false, error: 'outside_district', message: OUTSIDE_DISTRICT_MESSAGE };
    }
    return { ok: false, error: outcome.error.code, message: outcome.error.message.en };
  }

  private async command(workerId: number, payload: unknown): Promise<DeviceIncidentResult> {
    const command = parseTaskCommand(payload);
    if (command === null) return INVALID;
    const photoIds = command.action === 'feedback' ? (command.photoIds ?? []) : [];
    const attachments =
      photoIds.length === 0 || this.deps.photos === undefined
        ? []
        : await this.deps.photos.attach(photoIds, workerId, command.incidentId);
    try {
      const result = this.deps.incidents.transition(
        workerActor(workerId),
        command.incidentId,
        {
          action: DEVICE_ACTIONS[command.action],
          note: command.note,
          ...(attachments.length === 0 ? {} : { attachments }),
        } as IncidentCommand,
        null,
      );
      // A refused step keeps nothing: its photos may come with the next try.
      if (!result.ok && attachments.length > 0)
        await this.deps.photos?.release(photoIds, command.incidentId);
      return result.ok
        ? { ok: true, incidentId: result.incident.id }
        : { ok: false, error: result.error.code, message: result.error.message.en };
    } catch (error) {
      if (error instanceof NotFoundError) {
        return { ok: false, error: 'not_found', message: error.message };
      }
      throw error;
    }
  }
}
