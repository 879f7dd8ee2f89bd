/** Response schema of the cockpit's statistics (src/shared/cockpitStats.ts): counts only. */
import { Type } from '@sinclair/typebox';

const Count = Type.Integer({ minimum: 0 });
const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const CodeCounts = Type.Array(Type.Object({ code: Type.String(), count: Count }));

const PeopleSchema = Type.Object({
  total: Count,
  byCategory: CodeCounts,
  ageBands: Type.Array(Type.Object({ fromAge: Count, male: Count, female: Count })),
  specialGroups: CodeCounts,
  movements: Type.Array(
    Type.Object({ monthStartMs: Type.Integer(), registrations: Count, departures: Count }),
  ),
});

const HousesSchema = Type.Object({
  buildings: Count,
  units: Count,
  occupiedUnits: Count,
  rentalUnits: Count,
  vacantUnits: Count,
  byBuildingKind: Type.Array(
    Type.Object({
      kind: Type.String(),
      buildings: Count,
      units: Count,
      occupiedUnits: Count,
      rentalUnits: Count,
      vacantUnits: Count,
    }),
  ),
});

const IncidentsSchema = Type.Object({
  reportedToday: Count,
  reportedThisWeek: Count,
  reportedThisMonth: Count,
  byCategory: CodeCounts,
  byState: CodeCounts,
  bySource: CodeCounts,
  onTimeClosed: Count,
  lateClosed: Count,
  onTimeRate: Share,
  overdueNow: Count,
  escalations: Count,
  stepDurations: Type.Array(
    Type.Object({ state: Type.String(), samples: Count, meanMs: Count, p90Ms: Count }),
  ),
  trend: Type.Array(Type.Object({ dayStartMs: Type.Integer(), count: Count })),
  hottestGrids: Type.Array(
    Type.Object({
      gridCode: Type.String(),
      name: Type.String(),
      nameEn: Type.String(),
      count: Count,
    }),
  ),
});

const WorkersSchema = Type.Object({
  total: Count,
  online: Count,
  idle: Count,
  sos: Count,
  workerFoundShare: Share,
  patrolCoverageToday: Share,
});

export const CockpitStatsSchema = Type.Object({
  gridCode: Type.Union([Type.String(), Type.Null()]),
  nowMs: Type.Integer(),
  people: PeopleSchema,
  houses: HousesSchema,
  incidents: IncidentsSchema,
  workers: WorkersSchema,
});
