/**
 * Every globe feature, registered in one place. A new feature (emergency, cockpit) is a folder
 * with its `globe/` layer and one line here: an imperative layer in GLOBE_FEATURES (mounted in
 * this order, torn down in reverse), or a Resium component in GLOBE_COMPONENTS for low-churn,
 * declarative pieces.
 */
import type { ComponentType } from 'react';
import type { Scene } from 'cesium';
import { PlumeZones } from '../emergency/globe/PlumeZones';
import { evacuationFeature } from '../emergency/globe/evacuationFeature';
import { AirQualityGrids } from '../emergencyRecords/globe/AirQualityGrids';
import { emergencyRecordsFeature } from '../emergencyRecords/globe/emergencyRecordsFeature';
import { heatmapFeature } from '../heat/globe/heatmapFeature';
import { incidentsFeature } from '../incidents/globe/incidentsFeature';
import { ReportDraftMarker } from '../incidents/globe/ReportDraftMarker';
import { buildingsFeature } from '../register/globe/buildingsFeature';
import { modelUnitsFeature } from '../register/globe/modelUnitsFeature';
import { GridBoundary } from '../register/globe/GridBoundary';
import { replayFeature } from '../replay/globe/replayFeature';
import { workersFeature } from '../tracking/globe/workersFeature';
import { cameraRequestsFeature } from './cameraRequestsFeature';
import { districtFeature } from './districtFeature';
import {
  mountGlobeFeature,
  type GlobeFeature,
  type GlobeFeatureLayer,
  type GlobeLayerDeps,
} from './GlobeLayer';

export const GLOBE_FEATURES = {
  district: districtFeature,
  buildings: buildingsFeature,
  modelUnits: modelUnitsFeature,
  workers: workersFeature,
  incidents: incidentsFeature,
  heatmap: heatmapFeature,
  replay: replayFeature,
  cameraRequests: cameraRequestsFeature,
  emergencyRecords: emergencyRecordsFeature,
  evacuation: evacuationFeature,
};

export const GLOBE_COMPONENTS: readonly ComponentType[] = [
  GridBoundary,
  ReportDraftMarker,
  PlumeZones,
  AirQualityGrids,
];

type GlobeFeatures = typeof GLOBE_FEATURES;

export type MountedGlobeFeatures = {
  [Name in keyof GlobeFeatures]: GlobeFeatures[Name] extends GlobeFeature<infer Props, infer Handle>
    ? GlobeFeatureLayer<Props, Handle>
    : never;
};

/** Mounts every registered feature, in the order registered. */
export function mountGlobeFeatures(scene: Scene, deps: GlobeLayerDeps): MountedGlobeFeatures {
  const mounted = Object.entries(GLOBE_FEATURES).map(([name, feature]) => {
    // Each feature's props and handle types stay paired inside it; the mapped type above gives
    // them back by name, so the loop itself may see them as unknown.
    const anyFeature: GlobeFeature<unknown, unknown> = feature;
    return [name, mountGlobeFeature(anyFeature, scene, deps)] as const;
  });
  return Object.fromEntries(mounted) as MountedGlobeFeatures;
}

/** Tears the features down in the reverse of their mounting order. */
export function destroyGlobeFeatures(features: MountedGlobeFeatures): void {
  for (const feature of Object.values(features).reverse()) feature.destroy();
}
