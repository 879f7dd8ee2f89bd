/**
 * TypeBox schemas of the emergency records, generated from the domain's field table (one
 * declaration per field): a body schema per kind, joined as a union on `kind`, and the view.
 * The schemas shape the wire; the domain's parser still checks every value.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import {
  EMERGENCY_RECORD_KINDS,
  MAX_LIST_ITEMS,
  MAX_TEXT_LENGTH,
  RECORD_KINDS,
  type RecordField,
  type RecordKindDefinition,
} from '../../domain/emergency/records/emergencyRecordKinds';

function fieldSchema(field: RecordField): TSchema {
  const description = `${field.zh} / ${field.en}`;
  switch (field.type) {
    case 'number':
      return Type.Number({ description });
    case 'integer':
      return Type.Integer({ description });
    case 'enum':
      return Type.Union(
        (field.options ?? []).map((option) => Type.Literal(option.code)),
        { description },
      );
    case 'list':
      return Type.Array(Type.String({ maxLength: MAX_TEXT_LENGTH }), {
        maxItems: MAX_LIST_ITEMS,
        description,
      });
    default:
      return Type.String({ maxLength: MAX_TEXT_LENGTH, description });
  }
}

const LocationSchema = Type.Object(
  { lon: Type.Number(), lat: Type.Number() },
  { additionalProperties: false },
);

function bodySchema(definition: RecordKindDefinition): TSchema {
  const attributes = Object.fromEntries(
    definition.fields.map((field) => [
      field.key,
      // A phone may be left out of an update (kept as stored), so none is required on the wire.
      field.required && field.type !== 'phone'
        ? fieldSchema(field)
        : Type.Optional(fieldSchema(field)),
    ]),
  );
  return Type.Object(
    {
      kind: Type.Literal(definition.kind),
      name: Type.String({ minLength: 1, maxLength: 100 }),
      location: definition.located ? LocationSchema : Type.Null(),
      attributes: Type.Object(attributes, { additionalProperties: false }),
    },
    { additionalProperties: false, title: definition.en },
  );
}

export const EmergencyRecordBody = Type.Union(RECORD_KINDS.map(bodySchema));

export const RecordKindQuery = Type.Object(
  { kind: Type.Optional(Type.Union(EMERGENCY_RECORD_KINDS.map((kind) => Type.Literal(kind)))) },
  { additionalProperties: false },
);

const AttributeValue = Type.Union([Type.String(), Type.Number(), Type.Array(Type.String())]);

export const EmergencyRecordViewSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Union(EMERGENCY_RECORD_KINDS.map((kind) => Type.Literal(kind))),
  name: Type.String(),
  location: Type.Union([LocationSchema, Type.Null()]),
  gridCode: Type.Union([Type.String(), Type.Null()]),
  attributes: Type.Record(Type.String(), AttributeValue),
  demo: Type.Boolean(),
  updatedAt: Type.String(),
  sensor: Type.Optional(
    Type.Object({
      lastReadingAtMs: Type.Union([Type.Integer(), Type.Null()]),
      lastValue: Type.Union([Type.Number(), Type.Null()]),
      stale: Type.Boolean(),
      alarmIncidentId: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const GridAirQualitySchema = Type.Object({
  gridCode: Type.String(),
  pm25UgM3: Type.Number(),
  iaqi: Type.Integer(),
  level: Type.Integer({ minimum: 1, maximum: 6 }),
  sensors: Type.Integer(),
});
