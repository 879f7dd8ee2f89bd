/**
 * The three.js objects of one exploded stack: a mesh per unit (so each can be coloured, lit and
 * picked on its own) with an outline, and the wings' outline on the ground. Units of the same
 * number share one geometry, since every floor repeats the same slice. Everything created here
 * is released by `dispose`.
 */
import {
  BufferGeometry,
  Color,
  EdgesGeometry,
  ExtrudeGeometry,
  Group,
  LineBasicMaterial,
  LineLoop,
  LineSegments,
  Mesh,
  MeshLambertMaterial,
  Shape,
  Vector2,
  type Material,
} from 'three';
import { wingOutlines } from '../../../domain/buildingLayout';
import { UNIT_COLOURS_CSS } from '../../theme/globePalette';
import type { StackShape, UnitPrism } from './explodedStack';

/** A lit unit glows in its highlight colour by this much, over its theme colour. */
const SELECTED_GLOW = 0.35;
const HOVERED_GLOW = 0.45;
const EDGE_CSS = '#9fdcff';
const EDGE_OPACITY = 0.35;
const GROUND_OUTLINE_OPACITY = 0.6;
/** The ground outline sits a hair below floor 1, so the two never flicker against each other. */
const GROUND_OUTLINE_M = -0.05;

export interface UnitLook {
  colourCss: string;
  selected: boolean;
  hovered: boolean;
}

export interface StackMeshes {
  /** In local metres with z up; the caller turns it into the scene's y-up frame. */
  group: Group;
  /** The pickable unit meshes; each carries its unit id in `userData.unitId`. */
  unitMeshes: Mesh[];
  setLooks(lookOf: (unitId: number) => UnitLook): void;
  dispose(): void;
}

interface UnitParts {
  mesh: Mesh<BufferGeometry, MeshLambertMaterial>;
  edges: LineSegments<BufferGeometry, LineBasicMaterial>;
}

function footprintShape(prism: UnitPrism): Shape {
  return new Shape(prism.footprint.map(([eastM, northM]) => new Vector2(eastM, northM)));
}

export function createStackMeshes(shape: StackShape, prisms: readonly UnitPrism[]): StackMeshes {
  const group = new Group();
  const geometries: BufferGeometry[] = [];
  const materials: Material[] = [];
  const bodiesByUnitNo = new Map<number, { body: BufferGeometry; outline: BufferGeometry }>();
  const edgeMaterial = new LineBasicMaterial({
    color: EDGE_CSS,
    transparent: true,
    opacity: EDGE_OPACITY,
  });
  const selectedEdgeMaterial = new LineBasicMaterial({ color: UNIT_COLOURS_CSS.selected });
  const hoveredEdgeMaterial = new LineBasicMaterial({ color: UNIT_COLOURS_CSS.hovered });
  materials.push(edgeMaterial, selectedEdgeMaterial, hoveredEdgeMaterial);

  const parts = new Map<number, UnitParts>();
  for (const prism of prisms) {
    let shared = bodiesByUnitNo.get(prism.unitNo);
    if (!shared) {
      const body = new ExtrudeGeometry(footprintShape(prism), {
        depth: prism.heightM,
        bevelEnabled: false,
      });
      shared = { body, outline: new EdgesGeometry(body) };
      geometries.push(shared.body, shared.outline);
      bodiesByUnitNo.set(prism.unitNo, shared);
    }
    const material = new MeshLambertMaterial();
    materials.push(material);
    const mesh = new Mesh(shared.body, material);
    mesh.position.z = prism.baseM;
    mesh.userData.unitId = prism.unitId;
    const edges = new LineSegments(shared.outline, edgeMaterial);
    edges.position.z = prism.baseM;
    group.add(mesh, edges);
    parts.set(prism.unitId, { mesh, edges });
  }

  const groundMaterial = new LineBasicMaterial({
    color: UNIT_COLOURS_CSS.hovered,
    transparent: true,
    opacity: GROUND_OUTLINE_OPACITY,
  });
  materials.push(groundMaterial);
  for (const outline of wingOutlines(shape.wings)) {
    const geometry = new BufferGeometry().setFromPoints(
      outline.map(([eastM, northM]) => new Vector2(eastM, northM)),
    );
    geometries.push(geometry);
    const loop = new LineLoop(geometry, groundMaterial);
    loop.position.z = GROUND_OUTLINE_M;
    group.add(loop);
  }

  const glow = new Color();
  return {
    group,
    unitMeshes: [...parts.values()].map(({ mesh }) => mesh),
    setLooks(lookOf) {
      for (const [unitId, { mesh, edges }] of parts) {
        const look = lookOf(unitId);
        // Selected wears the selection colour, as on the globe; hovered keeps its theme colour.
        mesh.material.color.set(look.selected ? UNIT_COLOURS_CSS.selected : look.colourCss);
        if (look.selected) glow.set(UNIT_COLOURS_CSS.selected).multiplyScalar(SELECTED_GLOW);
        else if (look.hovered) glow.set(UNIT_COLOURS_CSS.hovered).multiplyScalar(HOVERED_GLOW);
        else glow.setRGB(0, 0, 0);
        mesh.material.emissive.copy(glow);
        edges.material = look.selected
          ? selectedEdgeMaterial
          : look.hovered
            ? hoveredEdgeMaterial
            : edgeMaterial;
        // Highlighted outlines draw over their neighbours', so the selection reads from any side.
        edges.renderOrder = look.selected || look.hovered ? 1 : 0;
      }
    },
    dispose() {
      group.removeFromParent();
      group.clear();
      for (const geometry of geometries) geometry.dispose();
      for (const material of materials) material.dispose();
      parts.clear();
    },
  };
}
