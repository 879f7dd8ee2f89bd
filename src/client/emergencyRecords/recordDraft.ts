/**
 * The admin form's draft of a record: every field as typed text, turned into the wire input
 * (numbers as numbers, lists split on line breaks or ；). The server's parser is the judge of
 * values; this only shapes them. A blank contact phone is left out, so an edit keeps the stored
 * (masked) one.
 */
import {
  recordKindDefinition,
  type EmergencyRecordKind,
} from '../../domain/emergency/records/emergencyRecordKinds';
import type { EmergencyRecordInput, EmergencyRecordView } from '../../shared/emergencyRecords';

export interface RecordDraft {
  id: number | null;
  kind: EmergencyRecordKind;
  name: string;
  lon: string;
  lat: string;
  fields: Record<string, string>;
}

const LIST_SEPARATOR = /[；;\n]+/;

export function emptyDraft(kind: EmergencyRecordKind): RecordDraft {
  return { id: null, kind, name: '', lon: '', lat: '', fields: {} };
}

export function draftOf(record: EmergencyRecordView): RecordDraft {
  const fields: Record<string, string> = {};
  for (const field of recordKindDefinition(record.kind).fields) {
    const value = record.attributes[field.key];
    // The phone arrives masked: the form starts it blank (blank keeps the stored one).
    if (value === undefined || field.type === 'phone') continue;
    fields[field.key] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    lon: record.location === null ? '' : String(record.location.lon),
    lat: record.location === null ? '' : String(record.location.lat),
    fields,
  };
}

export function inputOf(draft: RecordDraft): EmergencyRecordInput {
  const definition = recordKindDefinition(draft.kind);
  const attributes: EmergencyRecordInput['attributes'] = {};
  for (const field of definition.fields) {
    const text = (draft.fields[field.key] ?? '').trim();
    if (text === '') continue;
    if (field.type === 'number' || field.type === 'integer') attributes[field.key] = Number(text);
    else if (field.type === 'list') {
      attributes[field.key] = text
        .split(LIST_SEPARATOR)
        .map((item) => item.trim())
        .filter((item) => item !== '');
    } else attributes[field.key] = text;
  }
  return {
    kind: draft.kind,
    name: draft.name.trim(),
    location: definition.located ? { lon: Number(draft.lon), lat: Number(draft.lat) } : null,
    attributes,
  };
}
