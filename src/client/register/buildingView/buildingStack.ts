/**
 * The building view's one imperative module: a three.js renderer on its own canvas inside
 * `host`, the exploded stack of the building, orbit by drag, hover and click picking. Frames
 * are drawn on demand (a change, a drag, a resize), never in a loop: a wall screen idles
 * without spending a frame. `destroy` releases everything it made: scene geometries and
 * materials, controls, listeners, the renderer and its WebGL context, and the canvas.
 */
import {
  AmbientLight,
  DirectionalLight,
  HemisphereLight,
  PerspectiveCamera,
  Raycaster,
  Scene,
  Vector2,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { PENDING_COLOUR_CSS } from '../../theme/unitColours';
import { buildingViewProbe } from './buildingViewProbe';
import { stackBounds, unitPrisms, type StackShape, type StackUnitKey } from './explodedStack';
import { createStackMeshes, type StackMeshes, type UnitLook } from './stackMeshes';
import { frameStack, STACK_CAMERA_FOV_DEG } from './stackCamera';
import { findPickPoint } from './stackPickPoint';

/** A press that moves less than this is a click; more is a drag that orbits. */
const CLICK_TOLERANCE_PX = 4;
/** Sharp enough on a 4K wall without paying for a retina-class buffer on the CPU renderer. */
const MAX_PIXEL_RATIO = 2;
const SKY_LIGHT_CSS = '#cfeeff';
const GROUND_LIGHT_CSS = '#0b1a2e';
const SKY_LIGHT_INTENSITY = 1.6;
const AMBIENT_INTENSITY = 0.35;
const SUN_INTENSITY = 1.9;
/** Sun from the south-east, high: lights the two faces the camera starts on. */
const SUN_DIRECTION = [0.6, 1.4, 0.8] as const;

export interface BuildingStackProps {
  building: StackShape & { id: number; floors: number; units: readonly StackUnitKey[] };
  /** Theme colour of every unit; a new map (not a changed one) recolours the stack. */
  unitColoursCss: ReadonlyMap<number, string>;
  selectedUnitId: number | null;
  hoveredUnitId: number | null;
}

export interface BuildingStackDeps {
  /** The unit under the pointer (null: none) and where the pointer is on the canvas, CSS px. */
  onHover(unitId: number | null, pointPx: readonly [number, number]): void;
  onSelect(unitId: number): void;
  /** A frame has been drawn (the first one says the view is ready). */
  onFrame(): void;
}

export interface BuildingStack {
  update(props: BuildingStackProps): void;
  destroy(): void;
  isDestroyed(): boolean;
}

/** Throws when WebGL 2 is not available: the caller shows that instead of a view. */
export function createBuildingStack(host: HTMLElement, deps: BuildingStackDeps): BuildingStack {
  const renderer = new WebGLRenderer({ antialias: true, alpha: true });
  const canvas = renderer.domElement;
  buildingViewProbe.rendererCreated();
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, MAX_PIXEL_RATIO));
  renderer.setClearColor(0x000000, 0);
  canvas.className = 'building-stack-canvas';
  host.appendChild(canvas);

  const scene = new Scene();
  const sun = new DirectionalLight(0xffffff, SUN_INTENSITY);
  sun.position.set(...SUN_DIRECTION);
  scene.add(
    new HemisphereLight(SKY_LIGHT_CSS, GROUND_LIGHT_CSS, SKY_LIGHT_INTENSITY),
    new AmbientLight(0xffffff, AMBIENT_INTENSITY),
    sun,
  );
  const camera = new PerspectiveCamera(STACK_CAMERA_FOV_DEG, 1, 1, 5000);
  const controls = new OrbitControls(camera, canvas);
  controls.enablePan = false;

  let destroyed = false;
  /** Once the operator has turned the view, resizes keep their view instead of re-framing. */
  let orbited = false;
  let meshes: StackMeshes | null = null;
  let shownBuildingId: number | null = null;
  let shownLooks: Omit<BuildingStackProps, 'building'> | null = null;
  let props: BuildingStackProps | null = null;
  let frameRequest = 0;
  let hoverRequest = 0;
  let pointerUnitId: number | null = null;
  const raycaster = new Raycaster();
  const pointer = new Vector2();
  let pressedAt: [number, number] | null = null;
  let lastPointerPx: [number, number] = [0, 0];

  function render(): void {
    frameRequest = 0;
    renderer.render(scene, camera);
    // Not while dragging: the point would move every frame and nobody hovers mid-drag.
    if (meshes && props && !pressedAt) {
      const pick = findPickPoint(props.building, meshes.unitMeshes, camera, raycaster, canvas);
      buildingViewProbe.pickPoint(pick?.unitId ?? null, pick?.pointPx ?? null);
    }
    if (meshes) deps.onFrame();
  }

  function requestRender(): void {
    if (!destroyed && frameRequest === 0) frameRequest = requestAnimationFrame(render);
  }

  function resize(): void {
    const widthPx = Math.max(1, host.clientWidth);
    const heightPx = Math.max(1, host.clientHeight);
    renderer.setSize(widthPx, heightPx, false);
    camera.aspect = widthPx / heightPx;
    camera.updateProjectionMatrix();
    // The panel resizes as a unit opens below it: keep the stack framed until the operator orbits.
    if (props && !orbited)
      frameStack(camera, controls, stackBounds(props.building, props.building.floors));
    // Resizing clears the canvas: draw now, before this frame is painted, or it shows blank.
    if (destroyed) return;
    cancelAnimationFrame(frameRequest);
    render();
  }

  function unitAt(xPx: number, yPx: number): number | null {
    if (!meshes) return null;
    const rect = canvas.getBoundingClientRect();
    pointer.set(
      ((xPx - rect.left) / rect.width) * 2 - 1,
      -((yPx - rect.top) / rect.height) * 2 + 1,
    );
    raycaster.setFromCamera(pointer, camera);
    const [hit] = raycaster.intersectObjects(meshes.unitMeshes, false);
    return hit ? (hit.object.userData.unitId as number) : null;
  }

  function pointOnCanvas(clientX: number, clientY: number): [number, number] {
    const rect = canvas.getBoundingClientRect();
    return [clientX - rect.left, clientY - rect.top];
  }

  function reportHover(): void {
    hoverRequest = 0;
    const [clientX, clientY] = lastPointerPx;
    const unitId = pressedAt ? pointerUnitId : unitAt(clientX, clientY);
    pointerUnitId = unitId;
    deps.onHover(unitId, pointOnCanvas(clientX, clientY));
  }

  const onPointerMove = (event: PointerEvent) => {
    lastPointerPx = [event.clientX, event.clientY];
    if (hoverRequest === 0) hoverRequest = requestAnimationFrame(reportHover);
  };
  const onPointerLeave = () => {
    if (hoverRequest !== 0) cancelAnimationFrame(hoverRequest);
    hoverRequest = 0;
    pointerUnitId = null;
    deps.onHover(null, [0, 0]);
  };
  const onPointerDown = (event: PointerEvent) => {
    pressedAt = [event.clientX, event.clientY];
  };
  const onPointerUp = (event: PointerEvent) => {
    const start = pressedAt;
    pressedAt = null;
    if (!start) return;
    const movedPx = Math.hypot(event.clientX - start[0], event.clientY - start[1]);
    if (movedPx > CLICK_TOLERANCE_PX) {
      // One more frame once the drag is over, so the probe's pick point follows the new view.
      requestRender();
      return;
    }
    const unitId = unitAt(event.clientX, event.clientY);
    if (unitId !== null) deps.onSelect(unitId);
  };
  canvas.addEventListener('pointermove', onPointerMove);
  canvas.addEventListener('pointerleave', onPointerLeave);
  canvas.addEventListener('pointerdown', onPointerDown);
  canvas.addEventListener('pointerup', onPointerUp);
  const onOrbitStart = () => {
    orbited = true;
  };
  controls.addEventListener('change', requestRender);
  controls.addEventListener('start', onOrbitStart);
  const resizeObserver = new ResizeObserver(resize);
  resizeObserver.observe(host);
  resize();

  function rebuild(next: BuildingStackProps): void {
    meshes?.dispose();
    const { building } = next;
    meshes = createStackMeshes(building, unitPrisms(building, building.units));
    // Local east/north/up to three's y-up: north runs away from the default camera (−z).
    meshes.group.rotation.x = -Math.PI / 2;
    scene.add(meshes.group);
    frameStack(camera, controls, stackBounds(building, building.floors));
    shownBuildingId = building.id;
    shownLooks = null;
    orbited = false;
  }

  function looksChanged(next: BuildingStackProps): boolean {
    return (
      shownLooks === null ||
      shownLooks.unitColoursCss !== next.unitColoursCss ||
      shownLooks.selectedUnitId !== next.selectedUnitId ||
      shownLooks.hoveredUnitId !== next.hoveredUnitId
    );
  }

  return {
    update(next) {
      if (destroyed) return;
      props = next;
      if (next.building.id !== shownBuildingId) rebuild(next);
      if (looksChanged(next)) {
        const { unitColoursCss, selectedUnitId, hoveredUnitId } = next;
        meshes?.setLooks((unitId): UnitLook => ({
          colourCss: unitColoursCss.get(unitId) ?? PENDING_COLOUR_CSS,
          selected: unitId === selectedUnitId,
          hovered: unitId === hoveredUnitId,
        }));
        shownLooks = { unitColoursCss, selectedUnitId, hoveredUnitId };
      }
      requestRender();
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      cancelAnimationFrame(frameRequest);
      cancelAnimationFrame(hoverRequest);
      resizeObserver.disconnect();
      controls.removeEventListener('change', requestRender);
      controls.removeEventListener('start', onOrbitStart);
      controls.dispose();
      canvas.removeEventListener('pointermove', onPointerMove);
      canvas.removeEventListener('pointerleave', onPointerLeave);
      canvas.removeEventListener('pointerdown', onPointerDown);
      canvas.removeEventListener('pointerup', onPointerUp);
      meshes?.dispose();
      meshes = null;
      scene.clear();
      renderer.renderLists.dispose();
      const left = {
        geometries: renderer.info.memory.geometries,
        textures: renderer.info.memory.textures,
      };
      const gl = renderer.getContext();
      renderer.dispose();
      renderer.forceContextLoss();
      // Lost at once (the event follows later, and never if the canvas is collected first).
      if (gl.isContextLost()) buildingViewProbe.contextLost();
      canvas.remove();
      buildingViewProbe.rendererDestroyed(left);
    },
    isDestroyed: () => destroyed,
  };
}
