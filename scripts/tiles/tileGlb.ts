/**
 * Encodes one tile's mesh as a binary glTF with one feature per floor unit: `_FEATURE_ID_0`
 * vertex attribute (EXT_mesh_features) pointing into a property table of keys only
 * (EXT_structural_metadata). Positions are int16 and normals int8 (KHR_mesh_quantization), and
 * vertex and index streams are meshopt-encoded (EXT_meshopt_compression), which leaves them small
 * and still friendly to the HTTP gzip on top.
 */
import { Document, NodeIO } from '@gltf-transform/core';
import {
  EXTMeshFeatures,
  EXTMeshoptCompression,
  EXTStructuralMetadata,
  KHRMeshQuantization,
} from '@gltf-transform/extensions';
import { MeshoptEncoder } from 'meshoptimizer';
import {
  BUILDING_ID_PROPERTY,
  DEMO_TILESET_NAME,
  FLOOR_PROPERTY,
  UNIT_CLASS,
  UNIT_ID_PROPERTY,
} from '../../src/shared/tileset';
import type { TileMesh } from './tileMesh';

export interface FeatureKeys {
  unitIds: Uint32Array;
  buildingIds: Uint32Array;
  floors: Uint8Array;
}

export interface TileGlbOptions {
  /** Off only for the naive baseline and for debugging; validated either way. */
  meshopt: boolean;
}

/** Light grey-blue, so the viewer's per-feature colours (multiplied on) still read true. */
const BASE_COLOR_RGBA = [0.93, 0.95, 0.98, 1] as const;
const ROUGHNESS = 0.9;
const INT16_MAX = 32767;
const INT8_MAX = 127;
/** Above this, feature IDs and indices no longer fit 16 bits. */
const UINT16_LIMIT = 65536;

/** Feature IDs go in an unsigned-short attribute; a tile must stay below this many features. */
export const MAX_FEATURES_PER_TILE = UINT16_LIMIT - 1;

function quantizedPositions(mesh: TileMesh): {
  values: Int16Array;
  centerGltf: [number, number, number];
  stepM: number;
} {
  const { min, max } = mesh.bounds();
  const center = [0, 1, 2].map((axis) => (min[axis]! + max[axis]!) / 2) as [number, number, number];
  const halfExtentM = Math.max(...[0, 1, 2].map((axis) => (max[axis]! - min[axis]!) / 2), 1);
  const stepM = halfExtentM / INT16_MAX;
  const values = new Int16Array(mesh.vertexCount * 3);
  const positions = mesh.positionsEnu;
  for (let vertex = 0; vertex < mesh.vertexCount; vertex++) {
    const east = (positions[vertex * 3]! - center[0]) / stepM;
    const north = (positions[vertex * 3 + 1]! - center[1]) / stepM;
    const up = (positions[vertex * 3 + 2]! - center[2]) / stepM;
    // glTF is y-up: (east, up, -north). Cesium turns it back to z-up for tile content.
    values[vertex * 3] = Math.round(east);
    values[vertex * 3 + 1] = Math.round(up);
    values[vertex * 3 + 2] = Math.round(-north);
  }
  return { values, centerGltf: [center[0], center[2], -center[1]], stepM };
}

function quantizedNormals(mesh: TileMesh): Int8Array {
  const values = new Int8Array(mesh.vertexCount * 3);
  const normals = mesh.normalsEnu;
  for (let vertex = 0; vertex < mesh.vertexCount; vertex++) {
    values[vertex * 3] = Math.round(normals[vertex * 3]! * INT8_MAX);
    values[vertex * 3 + 1] = Math.round(normals[vertex * 3 + 2]! * INT8_MAX);
    values[vertex * 3 + 2] = Math.round(-normals[vertex * 3 + 1]! * INT8_MAX);
  }
  return values;
}

function greyColours(mesh: TileMesh): Uint8Array {
  const values = new Uint8Array(mesh.vertexCount * 3);
  mesh.shades.forEach((shade, vertex) => values.fill(shade, vertex * 3, vertex * 3 + 3));
  return values;
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

function addPropertyTable(document: Document, keys: FeatureKeys) {
  const metadata = document.createExtension(EXTStructuralMetadata);
  const unitClass = metadata.createClass();
  const table = metadata.createPropertyTable().setClass(UNIT_CLASS).setCount(keys.unitIds.length);
  const columns = [
    [UNIT_ID_PROPERTY, 'UINT32', keys.unitIds],
    [BUILDING_ID_PROPERTY, 'UINT32', keys.buildingIds],
    [FLOOR_PROPERTY, 'UINT8', keys.floors],
  ] as const;
  for (const [name, componentType, values] of columns) {
    unitClass.setProperty(
      name,
      metadata
        .createClassProperty()
        .setType('SCALAR')
        .setComponentType(componentType)
        .setRequired(true),
    );
    table.setProperty(name, metadata.createPropertyTableProperty().setValues(bytesOf(values)));
  }
  const schema = metadata.createSchema().setId(DEMO_TILESET_NAME).setClass(UNIT_CLASS, unitClass);
  document
    .getRoot()
    .setExtension(
      EXTStructuralMetadata.EXTENSION_NAME,
      metadata.createStructuralMetadata().setSchema(schema).addPropertyTable(table),
    );
  return table;
}

export async function encodeTileGlb(
  mesh: TileMesh,
  keys: FeatureKeys,
  options: TileGlbOptions,
): Promise<Uint8Array> {
  const featureCount = keys.unitIds.length;
  if (featureCount > MAX_FEATURES_PER_TILE)
    throw new Error(`tile has ${featureCount} features, more than ${MAX_FEATURES_PER_TILE}`);
  const document = new Document();
  document.createExtension(KHRMeshQuantization).setRequired(true);
  const buffer = document.createBuffer();
  const accessor = (
    type: 'SCALAR' | 'VEC3',
    array: Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array,
    normalized = false,
  ) =>
    document
      .createAccessor()
      .setType(type)
      .setArray(array)
      .setNormalized(normalized)
      .setBuffer(buffer);

  const { values, centerGltf, stepM } = quantizedPositions(mesh);
  const featureIds = Uint16Array.from(mesh.featureIds);
  const indices =
    mesh.vertexCount < UINT16_LIMIT
      ? Uint16Array.from(mesh.indices)
      : Uint32Array.from(mesh.indices);
  const material = document
    .createMaterial('facade')
    .setBaseColorFactor([...BASE_COLOR_RGBA])
    .setMetallicFactor(0)
    .setRoughnessFactor(ROUGHNESS);
  const primitive = document
    .createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', values))
    .setAttribute('NORMAL', accessor('VEC3', quantizedNormals(mesh), true))
    .setAttribute('COLOR_0', accessor('VEC3', greyColours(mesh), true))
    .setAttribute('_FEATURE_ID_0', accessor('SCALAR', featureIds))
    .setIndices(accessor('SCALAR', indices))
    .setMaterial(material);

  const table = addPropertyTable(document, keys);
  const meshFeatures = document.createExtension(EXTMeshFeatures);
  const featureId = meshFeatures
    .createFeatureID()
    .setFeatureCount(featureCount)
    .setAttribute(0)
    .setPropertyTable(table);
  primitive.setExtension(
    EXTMeshFeatures.EXTENSION_NAME,
    meshFeatures.createFeatures().addFeatureID(featureId),
  );

  const node = document
    .createNode('buildings')
    .setMesh(document.createMesh('buildings').addPrimitive(primitive))
    .setTranslation(centerGltf)
    .setScale([stepM, stepM, stepM]);
  document.createScene().addChild(node);

  const io = new NodeIO().registerExtensions([
    KHRMeshQuantization,
    EXTMeshFeatures,
    EXTStructuralMetadata,
    EXTMeshoptCompression,
  ]);
  if (options.meshopt) {
    await MeshoptEncoder.ready;
    io.registerDependencies({ 'meshopt.encoder': MeshoptEncoder });
    document
      .createExtension(EXTMeshoptCompression)
      .setRequired(true)
      .setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.QUANTIZE });
  }
  return io.writeBinary(document);
}
