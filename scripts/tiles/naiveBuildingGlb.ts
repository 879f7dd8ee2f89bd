/**
 * The benchmark's baseline, written the way a first attempt would be: one .glb per building,
 * every unit a closed box (all six faces, shared walls included), float32 positions and normals,
 * no quantisation, no compression. Same features and keys as the real builder, so only the
 * encoding and grouping differ.
 */
import { Document, NodeIO } from '@gltf-transform/core';
import { EXTMeshFeatures, EXTStructuralMetadata } from '@gltf-transform/extensions';
import { unitFootprints } from '../../src/domain/buildingLayout';
import {
  BUILDING_ID_PROPERTY,
  FLOOR_PROPERTY,
  UNIT_CLASS,
  UNIT_ID_PROPERTY,
} from '../../src/shared/tileset';
import type { BuildingSource } from './readBuildings';
import type { EnuPoint } from './tileMesh';

type Quad = readonly [EnuPoint, EnuPoint, EnuPoint, EnuPoint];

function boxQuads(
  footprint: readonly (readonly [number, number])[],
  baseM: number,
  topM: number,
): Quad[] {
  const at = (index: number, upM: number): EnuPoint => [
    footprint[index]![0],
    footprint[index]![1],
    upM,
  ];
  const quads: Quad[] = [
    [at(0, topM), at(1, topM), at(2, topM), at(3, topM)],
    [at(0, baseM), at(3, baseM), at(2, baseM), at(1, baseM)],
  ];
  for (let index = 0; index < 4; index++) {
    const next = (index + 1) % 4;
    quads.push([at(index, baseM), at(next, baseM), at(next, topM), at(index, topM)]);
  }
  return quads;
}

function normalOf([a, b, c]: Quad): EnuPoint {
  const ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]] as const;
  const ac = [c[0] - a[0], c[1] - a[1], c[2] - a[2]] as const;
  const cross = [
    ab[1] * ac[2] - ab[2] * ac[1],
    ab[2] * ac[0] - ab[0] * ac[2],
    ab[0] * ac[1] - ab[1] * ac[0],
  ] as const;
  const length = Math.hypot(...cross);
  return [cross[0] / length, cross[1] / length, cross[2] / length];
}

/** One building as its own .glb, positions in metres east/north/up of the building origin (y-up). */
export async function encodeNaiveBuildingGlb(building: BuildingSource): Promise<Uint8Array> {
  const footprints = unitFootprints(building.wings);
  const positions: number[] = [];
  const normals: number[] = [];
  const featureIds: number[] = [];
  const indices: number[] = [];
  building.units.forEach((unit, featureId) => {
    const baseM = (unit.floor - 1) * building.floorHeightM;
    for (const quad of boxQuads(
      footprints[unit.unitNo - 1]!,
      baseM,
      baseM + building.floorHeightM,
    )) {
      const [east, north, up] = normalOf(quad);
      const first = featureIds.length;
      for (const [eastM, northM, upM] of quad) {
        positions.push(eastM, upM, -northM);
        normals.push(east, up, -north);
        featureIds.push(featureId);
      }
      indices.push(first, first + 1, first + 2, first, first + 2, first + 3);
    }
  });
  const document = new Document();
  const buffer = document.createBuffer();
  const accessor = (type: 'SCALAR' | 'VEC3', array: Float32Array | Uint16Array | Uint32Array) =>
    document.createAccessor().setType(type).setArray(array).setBuffer(buffer);
  const primitive = document
    .createPrimitive()
    .setAttribute('POSITION', accessor('VEC3', Float32Array.from(positions)))
    .setAttribute('NORMAL', accessor('VEC3', Float32Array.from(normals)))
    .setAttribute('_FEATURE_ID_0', accessor('SCALAR', Uint16Array.from(featureIds)))
    .setIndices(
      accessor(
        'SCALAR',
        featureIds.length < 65536 ? Uint16Array.from(indices) : Uint32Array.from(indices),
      ),
    )
    .setMaterial(document.createMaterial().setBaseColorFactor([0.93, 0.95, 0.98, 1]));

  const metadata = document.createExtension(EXTStructuralMetadata);
  const unitClass = metadata.createClass();
  const table = metadata.createPropertyTable().setClass(UNIT_CLASS).setCount(building.units.length);
  const columns = [
    [UNIT_ID_PROPERTY, 'UINT32', Uint32Array.from(building.units, (unit) => unit.id)],
    [BUILDING_ID_PROPERTY, 'UINT32', Uint32Array.from(building.units, () => building.id)],
    [FLOOR_PROPERTY, 'UINT8', Uint8Array.from(building.units, (unit) => unit.floor)],
  ] as const;
  for (const [name, componentType, values] of columns) {
    unitClass.setProperty(
      name,
      metadata.createClassProperty().setType('SCALAR').setComponentType(componentType),
    );
    table.setProperty(
      name,
      metadata.createPropertyTableProperty().setValues(new Uint8Array(values.buffer)),
    );
  }
  const schema = metadata.createSchema().setId('baseline').setClass(UNIT_CLASS, unitClass);
  document
    .getRoot()
    .setExtension(
      EXTStructuralMetadata.EXTENSION_NAME,
      metadata.createStructuralMetadata().setSchema(schema).addPropertyTable(table),
    );
  const meshFeatures = document.createExtension(EXTMeshFeatures);
  const featureId = meshFeatures
    .createFeatureID()
    .setFeatureCount(building.units.length)
    .setAttribute(0)
    .setPropertyTable(table);
  primitive.setExtension(
    EXTMeshFeatures.EXTENSION_NAME,
    meshFeatures.createFeatures().addFeatureID(featureId),
  );
  document
    .createScene()
    .addChild(document.createNode().setMesh(document.createMesh().addPrimitive(primitive)));
  return new NodeIO()
    .registerExtensions([EXTMeshFeatures, EXTStructuralMetadata])
    .writeBinary(document);
}
