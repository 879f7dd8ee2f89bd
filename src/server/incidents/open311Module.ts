/**
 * Registers the public Open311 API (wiring only) over the incident module: partners' keys, the
 * guard on citizens' reports (device, proof of work, limits), the district as its one
 * jurisdiction, and residents' photos. Unset settings come from the environment.
 */
import type { FastifyInstance } from 'fastify';
import { OPEN311_PATH } from '../../shared/incidents';
import { open311Routes } from '../http/routes/open311Routes';
import { appConfigOf } from '../registry/mapQueries';
import type { DistrictRows } from '../store/serverStores';
import type { RateLimitFactory } from './fixedWindowRateLimit';
import type { IncidentModule } from './incidentModule';
import {
  OPEN311_API_KEYS_ENV,
  OPEN311_REQUIRE_API_KEY_ENV,
  Open311Partners,
  parseOpen311Partners,
  type Open311Partner,
} from './open311Partners';
import {
  OPEN311_REQUIRE_PROOF_ENV,
  ResidentReportGuard,
  type UsedProofs,
} from './residentReportGuard';

export interface Open311ModuleDeps {
  incidents: IncidentModule;
  /** The district's meta and grids (the jurisdiction's id is its code). */
  district: Pick<DistrictRows, 'readMeta' | 'listGrids'>;
  nowMs: () => number;
  /** Partner platforms' keys (default: OPEN311_API_KEYS). */
  partners?: readonly Open311Partner[];
  /** Every create needs a partner key (default: OPEN311_REQUIRE_API_KEY=1). */
  requireApiKey?: boolean;
  /** Citizens' creates carry a device id and proof of work (default: OPEN311_REQUIRE_PROOF=1). */
  requireProof?: boolean;
  /** Counters and used proofs shared by a cluster's nodes (default: this process's memory). */
  shared?: { rateLimits: RateLimitFactory; usedProofs: UsedProofs };
}

export async function registerOpen311Module(
  app: FastifyInstance,
  deps: Open311ModuleDeps,
): Promise<void> {
  const { incidents, district } = deps;
  await app.register(open311Routes, {
    prefix: OPEN311_PATH,
    open311: incidents.open311,
    createLimit: incidents.open311CreateLimit,
    partners: new Open311Partners(
      deps.partners ?? parseOpen311Partners(process.env[OPEN311_API_KEYS_ENV]),
      deps.requireApiKey ?? process.env[OPEN311_REQUIRE_API_KEY_ENV] === '1',
    ),
    residentGuard: new ResidentReportGuard({
      nowMs: deps.nowMs,
      requireProof: deps.requireProof ?? process.env[OPEN311_REQUIRE_PROOF_ENV] === '1',
      ...deps.shared,
    }),
    jurisdictionId: () => appConfigOf(district.readMeta(), district.listGrids()).districtCode,
    media: {
      residentPhotos: incidents.residentPhotos,
      photos: incidents.photos,
    },
  });
}
