/** Wire types of the district's own 3D model and its unit volumes (GET /api/photogrammetry, /api/volumes). */
import type { UnitVolume } from '../domain/geo/unitVolumes';

export interface PhotogrammetryResponse {
  configured: boolean;
  url?: string;
  offset?: { eastM: number; northM: number; upM: number };
}

export interface UnitVolumesResponse {
  volumes: UnitVolume[];
  truncated: boolean;
}

export interface UnitVolumesQuery {
  gridCode?: string;
  west?: number;
  south?: number;
  east?: number;
  north?: number;
}
