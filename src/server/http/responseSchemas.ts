/**
 * Schemas of what the API answers. They document the API (OpenAPI) and drive serialization,
 * which drops any property not listed: a second guard, after personMapper, that no full
 * identifier field can slip into a person view.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { UNIT_USES } from '../../domain/registry';
import { PERMISSIONS, ROLES } from '../../shared/api';

const LonLat = Type.Object({ lon: Type.Number(), lat: Type.Number() });
const Geometry = Type.Unknown({ description: 'GeoJSON geometry' });
const TagCounts = Type.Record(Type.String(), Type.Integer());
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  /** The same refusal in both languages, when the server has words for a person. */
  messages: Type.Optional(Type.Object({ zh: Type.String(), en: Type.String() })),
});

/** A refused reveal (bad reason, too many): the message in both languages of the UI as well. */
export const RevealErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  messages: Type.Optional(Type.Object({ zh: Type.String(), en: Type.String() })),
});

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    total: Type.Integer(),
  });
}

export const RoleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));

export const SessionUserSchema = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  scopes: Type.Array(Type.String()),
  canReveal: Type.Boolean(),
  permissions: Type.Array(Type.Union(PERMISSIONS.map((permission) => Type.Literal(permission)))),
  mustChangePassword: Type.Boolean(),
});

export const LoginResponseSchema = Type.Object({
  token: Type.String(),
  expiresAt: Type.String(),
  user: SessionUserSchema,
});

export const AppConfigSchema = Type.Object({
  districtCode: Type.String(),
  districtName: Type.String(),
  districtNameEn: Type.String(),
  center: LonLat,
  bbox: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
  tilesetUrl: Type.String(),
  demoData: Type.Boolean(),
});

const gridNodeProperties = {
  code: Type.String(),
  parentCode: NullableString,
  level: Type.Integer(),
  name: Type.String(),
  nameEn: Type.String(),
  center: LonLat,
  polygon: Geometry,
};
export const GridNodeSchema = Type.Object(gridNodeProperties);
export const GridSummarySchema = Type.Object({
  ...gridNodeProperties,
  buildingCount: Type.Integer(),
  unitCount: Type.Integer(),
  householdCount: Type.Integer(),
  residentCount: Type.Integer(),
});

const buildingListProperties = {
  id: Type.Integer(),
  gridCode: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  address: Type.String(),
  kind: Type.String(),
  floors: Type.Integer(),
  unitsPerFloor: Type.Integer(),
  center: LonLat,
};
export const BuildingListItemSchema = Type.Object(buildingListProperties);

const unitSummaryProperties = {
  id: Type.Integer(),
  floor: Type.Integer(),
  unitNo: Type.Integer(),
  roomLabel: Type.String(),
  use: Type.String(),
  areaM2: Type.Number(),
  householdCount: Type.Integer(),
  residentCount: Type.Integer(),
  tagCounts: TagCounts,
};

export const BuildingDetailSchema = Type.Object({
  ...buildingListProperties,
  floorHeightM: Type.Number(),
  builtYear: Type.Integer(),
  origin: LonLat,
  wings: Type.Array(Type.Unknown()),
  units: Type.Array(Type.Object(unitSummaryProperties)),
  occupancy: Type.Object({
    unitCount: Type.Integer(),
    occupiedUnitCount: Type.Integer(),
    vacantUnitCount: Type.Integer(),
    rentalUnitCount: Type.Integer(),
    commercialUnitCount: Type.Integer(),
    householdCount: Type.Integer(),
    residentCount: Type.Integer(),
    tagCounts: TagCounts,
  }),
});

const personViewProperties = {
  id: Type.Integer(),
  name: Type.String(),
  sex: Type.String(),
  ageYears: Type.Integer({
    description: "age reached in the district's current year; the birth date is never shown",
  }),
  idNumberMasked: Type.String({ description: 'masked: only the last 4 characters shown' }),
  phoneMasked: Type.Union([
    Type.String({ description: 'masked: only the last 4 digits shown' }),
    Type.Null(),
  ]),
  relation: Type.String(),
  tags: Type.Array(Type.String()),
  synthetic: Type.Boolean(),
};
export const PersonViewSchema = Type.Object(personViewProperties);

export const UnitDetailSchema = Type.Object({
  ...unitSummaryProperties,
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  buildingNameEn: Type.String(),
  gridCode: Type.String(),
  address: Type.String(),
  households: Type.Array(
    Type.Object({
      id: Type.Integer(),
      type: Type.String(),
      headPersonId: NullableInteger,
      members: Type.Array(PersonViewSchema),
    }),
  ),
});

export const PersonDetailSchema = Type.Object({
  ...personViewProperties,
  householdId: Type.Integer(),
  unitId: Type.Integer(),
  roomLabel: Type.String(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  address: Type.String(),
  gridCode: Type.String(),
  center: LonLat,
});

export const SearchHitSchema = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  idNumberMasked: Type.String(),
  phoneMasked: NullableString,
  unitId: Type.Integer(),
  roomLabel: Type.String(),
  buildingId: Type.Integer(),
  buildingName: Type.String(),
  address: Type.String(),
  gridCode: Type.String(),
  center: LonLat,
});

export const SearchPageSchema = Type.Composite([
  pageOf(SearchHitSchema),
  Type.Object({
    totalCapped: Type.Boolean({
      description: 'more matches than `total`, which is the count cap (1,000)',
    }),
  }),
]);

export const RevealResponseSchema = Type.Object({
  personId: Type.Integer(),
  idNumber: Type.String({ description: 'full ID number (audited read)' }),
  phone: Type.Union([Type.String({ description: 'full phone (audited read)' }), Type.Null()]),
  auditId: Type.Integer(),
});

export const UnitThemeColumnsSchema = Type.Object({
  unitIds: Type.Array(Type.Integer()),
  residentCounts: Type.Array(Type.Integer()),
  rentalFlags: Type.Array(Type.Integer()),
  elderlyAloneCounts: Type.Array(Type.Integer()),
  vacantFlags: Type.Array(Type.Integer()),
  useCodes: Type.Array(Type.Integer({ minimum: 0, maximum: UNIT_USES.length - 1 }), {
    description: `unit use as an index into [${UNIT_USES.join(', ')}]`,
  }),
});

export const BasemapSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(Type.Unknown()),
});

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  username: Type.String(),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.String(),
  fields: Type.String(),
  reason: Type.String(),
});
