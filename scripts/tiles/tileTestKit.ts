/**
 * Test helpers: read a built .glb back to plain arrays (meshopt decoded, quantisation undone) and
 * put its vertices on the globe the way Cesium does, so tests check where buildings really land.
 */
import { Document, NodeIO } from '@gltf-transform/core';
import {
  EXTMeshFeatures,
  EXTMeshoptCompression,
  EXTStructuralMetadata,
  KHRMeshQuantization,
} from '@gltf-transform/extensions';
import { MeshoptDecoder } from 'meshoptimizer';
import type { UnitFootprint } from '../../src/domain/buildingLayout';
import { BUILDING_ID_PROPERTY, FLOOR_PROPERTY, UNIT_ID_PROPERTY } from '../../src/shared/tileset';

export interface DecodedTile {
  document: Document;
  /** glTF-space positions (y-up), node transform applied. */
  positionsGltf: Float64Array;
  normalsGltf: Float64Array;
  featureIds: Uint16Array;
  indices: Uint16Array | Uint32Array;
  featureCount: number;
  unitIds: Uint32Array;
  buildingIds: Uint32Array;
  floors: Uint8Array;
}

async function tileIo(): Promise<NodeIO> {
  await MeshoptDecoder.ready;
  return new NodeIO()
    .registerExtensions([
      KHRMeshQuantization,
      EXTMeshFeatures,
      EXTStructuralMetadata,
      EXTMeshoptCompression,
    ])
    .registerDependencies({ 'meshopt.decoder': MeshoptDecoder });
}

function column<T extends Uint32Array | Uint8Array>(
  bytes: Uint8Array | undefined,
  make: (buffer: ArrayBuffer) => T,
): T {
  if (!bytes) throw new Error('missing property table column');
  return make(bytes.slice().buffer);
}

export async function decodeTile(glb: Uint8Array): Promise<DecodedTile> {
  const document = await (await tileIo()).readBinary(glb);
  const node = document.getRoot().listNodes()[0]!;
  const primitive = node.getMesh()!.listPrimitives()[0]!;
  const position = primitive.getAttribute('POSITION')!;
  const normal = primitive.getAttribute('NORMAL')!;
  const scale = node.getScale();
  const translation = node.getTranslation();
  const positionsGltf = new Float64Array(position.getCount() * 3);
  const normalsGltf = new Float64Array(position.getCount() * 3);
  const element: number[] = [];
  for (let vertex = 0; vertex < position.getCount(); vertex++) {
    position.getElement(vertex, element);
    for (let axis = 0; axis < 3; axis++)
      positionsGltf[vertex * 3 + axis] = element[axis]! * scale[axis]! + translation[axis]!;
    normal.getElement(vertex, element);
    for (let axis = 0; axis < 3; axis++) normalsGltf[vertex * 3 + axis] = element[axis]!;
  }
  const features = primitive.getExtension<import('@gltf-transform/extensions').Features>(
    EXTMeshFeatures.EXTENSION_NAME,
  )!;
  const featureId = features.listFeatureIDs()[0]!;
  const table = featureId.getPropertyTable()!;
  return {
    document,
    positionsGltf,
    normalsGltf,
    featureIds: primitive
      .getAttribute(`_FEATURE_ID_${featureId.getAttribute()}`)!
      .getArray() as Uint16Array,
    indices: primitive.getIndices()!.getArray() as Uint16Array | Uint32Array,
    featureCount: featureId.getFeatureCount(),
    unitIds: column(
      table.getProperty(UNIT_ID_PROPERTY)?.getValues(),
      (buffer) => new Uint32Array(buffer),
    ),
    buildingIds: column(
      table.getProperty(BUILDING_ID_PROPERTY)?.getValues(),
      (buffer) => new Uint32Array(buffer),
    ),
    floors: column(
      table.getProperty(FLOOR_PROPERTY)?.getValues(),
      (buffer) => new Uint8Array(buffer),
    ),
  };
}

/** The same tile without EXT_meshopt_compression, so the validator can check every accessor. */
export async function withoutMeshopt(document: Document): Promise<Uint8Array> {
  document
    .getRoot()
    .listExtensionsUsed()
    .find((extension) => extension.extensionName === EXTMeshoptCompression.EXTENSION_NAME)
    ?.dispose();
  return (await tileIo()).writeBinary(document);
}

/** Cesium's y-up to z-up turn for glTF tile content, then the tile's column-major transform. */
export function gltfToEcef(
  transform: readonly number[],
  x: number,
  y: number,
  z: number,
): [number, number, number] {
  const [east, north, up] = [x, -z, y];
  return [0, 1, 2].map(
    (row) =>
      transform[row]! * east +
      transform[4 + row]! * north +
      transform[8 + row]! * up +
      transform[12 + row]!,
  ) as [number, number, number];
}

const WGS84_A_M = 6378137;
const WGS84_E2 = (1 / 298.257223563) * (2 - 1 / 298.257223563);
const GEODETIC_ITERATIONS = 6;

/** ECEF metres to WGS84 lon/lat degrees and ellipsoidal height metres (iterative). */
export function ecefToGeodetic([x, y, z]: readonly number[]): {
  lon: number;
  lat: number;
  heightM: number;
} {
  const horizontalM = Math.hypot(x!, y!);
  let latRad = Math.atan2(z!, horizontalM * (1 - WGS84_E2));
  let heightM = 0;
  for (let iteration = 0; iteration < GEODETIC_ITERATIONS; iteration++) {
    const sinLat = Math.sin(latRad);
    const primeVerticalM = WGS84_A_M / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
    heightM = horizontalM / Math.cos(latRad) - primeVerticalM;
    latRad = Math.atan2(
      z!,
      horizontalM * (1 - (WGS84_E2 * primeVerticalM) / (primeVerticalM + heightM)),
    );
  }
  return { lon: (Math.atan2(y!, x!) * 180) / Math.PI, lat: (latRad * 180) / Math.PI, heightM };
}

/** Counter-clockwise axis-aligned rectangle, for footprint tests. */
export function box(
  minEastM: number,
  minNorthM: number,
  maxEastM: number,
  maxNorthM: number,
): UnitFootprint {
  return [
    [minEastM, minNorthM],
    [maxEastM, minNorthM],
    [maxEastM, maxNorthM],
    [minEastM, maxNorthM],
  ];
}
