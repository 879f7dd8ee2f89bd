/**
 * Use cases of the emergency records: list (every kind, with the sensors' live state), create,
 * update and delete by an administrator (route-gated by `emergency.manage`, every write
 * audited), and a sensor's device token. Attributes are checked by the domain's one parser; the
 * contact phone leaves the service masked only.
 */
import { randomBytes } from 'node:crypto';
import {
  recordKindDefinition,
  type EmergencyRecordKind,
} from '../../../domain/emergency/records/emergencyRecordKinds';
import { parseRecordAttributes } from '../../../domain/emergency/records/parseRecordAttributes';
import type { LonLat } from '../../../domain/registry';
import type {
  EmergencyRecordInput,
  EmergencyRecordView,
  IssuedSensorToken,
} from '../../../shared/emergencyRecords';
import type { AuditRepository } from '../../audit/auditRepository';
import { LocalizedError, NotFoundError, type Caller } from '../../registry/accessErrors';
import { hashDeviceToken } from '../../tracking/deviceTokens';
import {
  DuplicateRecordError,
  type EmergencyRecordRepository,
  type EmergencyRecordWrite,
  type SensorRepository,
  type SensorState,
  type StoredEmergencyRecord,
} from './emergencyRecordRepository';

const SENSOR_TOKEN_BYTES = 32;
const MAX_NAME_LENGTH = 100;

export interface EmergencyRecordServiceDeps {
  records: EmergencyRecordRepository;
  sensors: SensorRepository;
  audit: Pick<AuditRepository, 'recordAudit'>;
  /** The base grid under a point, or null outside the district (PointInGrid: maybe the database's). */
  locateGrid: (point: LonLat) => string | null | Promise<string | null>;
  now: () => Date;
}

export function toRecordView(
  record: StoredEmergencyRecord,
  state: SensorState | undefined,
): EmergencyRecordView {
  const attributes = { ...record.attributes };
  if (record.contactMasked !== null) attributes['contactPhone'] = record.contactMasked;
  const view: EmergencyRecordView = {
    id: record.id,
    kind: record.kind,
    name: record.name,
    location: record.location,
    gridCode: record.gridCode,
    attributes,
    demo: record.demo,
    updatedAt: record.updatedAt,
  };
  if (record.kind === 'sensor') {
    view.sensor = {
      lastReadingAtMs: state?.lastReadingMs ?? null,
      lastValue: state?.lastValue ?? null,
      stale: state?.stale ?? true,
      alarmIncidentId: state?.alarmIncidentId ?? null,
    };
  }
  return view;
}

function refuse(zh: string, en: string): LocalizedError {
  return new LocalizedError(400, { zh, en });
}

type RecordCheck<W> = { ok: true; write: W } | { ok: false; zh: string; en: string };

/**
 * Checks an input against its kind and turns it into a write, its grid not yet located: the one
 * path from the REST body and from an import row to the store.
 */
function checkRecordWrite(
  input: EmergencyRecordInput,
  meta: { at: string; by: string; demo: boolean },
): RecordCheck<Omit<EmergencyRecordWrite, 'gridCode'>> {
  const definition = recordKindDefinition(input.kind);
  const name = input.name.normalize('NFKC').trim();
  if (name === '' || name.length > MAX_NAME_LENGTH) {
    return {
      ok: false,
      zh: `名称应为 1–${MAX_NAME_LENGTH} 个字`,
      en: `the name must have 1–${MAX_NAME_LENGTH} characters`,
    };
  }
  if (definition.located && input.location === null) {
    return { ok: false, zh: `${definition.zh}须有位置`, en: `${definition.en} need a location` };
  }
  const location = definition.located ? input.location : null;
  if (location !== null && !(Math.abs(location.lon) <= 180 && Math.abs(location.lat) <= 90)) {
    return { ok: false, zh: '经纬度超出范围', en: 'longitude or latitude out of range' };
  }
  const parsed = parseRecordAttributes(input.kind, input.attributes);
  if (!parsed.ok) {
    return {
      ok: false,
      zh: parsed.problems.map((problem) => problem.zh).join('；'),
      en: parsed.problems.map((problem) => problem.en).join('; '),
    };
  }
  const { contactPhone, ...attributes } = parsed.attributes;
  return {
    ok: true,
    write: {
      kind: input.kind,
      name,
      location,
      attributes,
      contactPhone:
        typeof contactPhone === 'string'
          ? contactPhone
          : 'contactPhone' in input.attributes
            ? null
            : undefined,
      ...meta,
    },
  };
}

/** checkRecordWrite with the grid located at once (an import's or the demo's GridLocator). */
export function prepareRecordWrite(
  input: EmergencyRecordInput,
  locateGrid: (point: LonLat) => string | null,
  meta: { at: string; by: string; demo: boolean },
): RecordCheck<EmergencyRecordWrite> {
  const checked = checkRecordWrite(input, meta);
  if (!checked.ok) return checked;
  const { location } = checked.write;
  return {
    ok: true,
    write: { ...checked.write, gridCode: location === null ? null : locateGrid(location) },
  };
}

export class EmergencyRecordService {
  constructor(private readonly deps: EmergencyRecordServiceDeps) {}

  async list(kind: EmergencyRecordKind | null): Promise<EmergencyRecordView[]> {
    const states = new Map(
      (await this.deps.sensors.sensorStates()).map((state) => [state.sensorId, state]),
    );
    return (await this.deps.records.listRecords(kind)).map((record) =>
      toRecordView(record, states.get(record.id)),
    );
  }

  async get(id: number): Promise<EmergencyRecordView> {
    const record = await this.requireRecord(id);
    const state = record.kind === 'sensor' ? await this.deps.sensors.sensorState(id) : null;
    return toRecordView(record, state ?? undefined);
  }

  async create(caller: Caller, input: EmergencyRecordInput): Promise<EmergencyRecordView> {
    const write = await this.writeOf(caller, input, false);
    const id = await this.guardDuplicate(() => this.deps.records.insertRecord(write));
    await this.audit(caller, 'create_emergency_record', id, `${input.kind} ${write.name}`);
    return this.get(id);
  }

  async update(
    caller: Caller,
    id: number,
    input: EmergencyRecordInput,
  ): Promise<EmergencyRecordView> {
    const existing = await this.requireRecord(id);
    if (existing.kind !== input.kind) {
      throw refuse('不能更改记录的类别', 'the kind of a record cannot change');
    }
    const write = await this.writeOf(caller, input, existing.demo);
    // Read and write are two calls now: a record deleted in between is not found, not audited.
    const updated = await this.guardDuplicate(() => this.deps.records.updateRecord(id, write));
    if (!updated) throw new NotFoundError('emergency record');
    const contact = write.contactPhone === undefined ? '' : ' (contact changed)';
    await this.audit(
      caller,
      'update_emergency_record',
      id,
      `${input.kind} ${write.name}${contact}`,
    );
    return this.get(id);
  }

  async remove(caller: Caller, id: number): Promise<void> {
    const existing = await this.requireRecord(id);
    // Two removals at once: the one that deleted the row audits it, the other finds nothing.
    if (!(await this.deps.records.deleteRecord(id))) throw new NotFoundError('emergency record');
    await this.audit(caller, 'delete_emergency_record', id, `${existing.kind} ${existing.name}`);
  }

  /** A new device token for a sensor: shown once, stored as its sha-256 (as phones' tokens). */
  async issueSensorToken(caller: Caller, sensorId: number): Promise<IssuedSensorToken> {
    const record = await this.requireRecord(sensorId);
    if (record.kind !== 'sensor') throw new NotFoundError('sensor');
    const token = randomBytes(SENSOR_TOKEN_BYTES).toString('base64url');
    await this.deps.sensors.insertSensorToken({
      sensorId,
      tokenHash: hashDeviceToken(token),
      at: this.deps.now().toISOString(),
      by: caller.username,
    });
    await this.audit(caller, 'issue_sensor_token', sensorId, record.name);
    return { sensorId, token };
  }

  /** Revokes every token of a sensor (the caller disconnects its sockets); audited. */
  async revokeSensorTokens(caller: Caller, sensorId: number): Promise<number> {
    const record = await this.requireRecord(sensorId);
    if (record.kind !== 'sensor') throw new NotFoundError('sensor');
    const revoked = await this.deps.sensors.revokeSensorTokens(
      sensorId,
      this.deps.now().toISOString(),
    );
    await this.audit(caller, 'revoke_sensor_tokens', sensorId, `${record.name}: ${revoked}`);
    return revoked;
  }

  private async writeOf(
    caller: Caller,
    input: EmergencyRecordInput,
    demo: boolean,
  ): Promise<EmergencyRecordWrite> {
    const checked = checkRecordWrite(input, {
      at: this.deps.now().toISOString(),
      by: caller.username,
      demo,
    });
    if (!checked.ok) throw refuse(checked.zh, checked.en);
    const { location } = checked.write;
    const gridCode = location === null ? null : await this.deps.locateGrid(location);
    return { ...checked.write, gridCode };
  }

  private async guardDuplicate<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof DuplicateRecordError) {
        throw new LocalizedError(409, {
          zh: `同类记录中已有“${error.message}”`,
          en: `a record of this kind named "${error.message}" already exists`,
        });
      }
      throw error;
    }
  }

  private async requireRecord(id: number): Promise<StoredEmergencyRecord> {
    const record = await this.deps.records.findRecord(id);
    if (record === null) throw new NotFoundError('emergency record');
    return record;
  }

  private async audit(caller: Caller, action: string, id: number, fields: string): Promise<void> {
    await this.deps.audit.recordAudit({
      at: this.deps.now().toISOString(),
      username: caller.username,
      action,
      targetType: 'emergency_record',
      targetId: String(id),
      fields,
      reason: '',
    });
  }
}
