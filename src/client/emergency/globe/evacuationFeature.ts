/**
 * The evacuation plan on the globe: each route as a line clamped to the ground with its walking
 * time at its middle, each shelter as a point labelled with its fill (assigned / capacity), each
 * resource with its driving time to the release point. The plan shown is the step on screen
 * (the time slider's replayed step, else the current one). Places and counts only, so the same
 * layer serves the desk, the leader wall and the tour.
 *
 * Points and labels are kept by id and updated in place; the routes are one ground-polyline
 * primitive (its geometry cannot change) replaced when the plan changes.
 */
import {
  Cartesian2,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  DistanceDisplayCondition,
  GeometryInstance,
  GroundPolylineGeometry,
  GroundPolylinePrimitive,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  PolylineColorAppearance,
  VerticalOrigin,
  type Label,
  type PointPrimitive,
} from 'cesium';
import type { EvacuationPlan } from '../../../domain/emergency/evacuation/evacuationPlan';
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import { ALWAYS_ON_TOP } from '../../globe/wallScale';
import {
  EVACUATION_ROUTE_CSS,
  RESOURCE_ETA_CSS,
  SHELTER_CSS,
  SHELTER_FULL_CSS,
} from '../../theme/globePalette';
import { useEmergencyStore } from '../emergencyStore';
import { displayedEvacuationOf, useEvacuationStore } from '../evacuation/evacuationStore';

const ROUTE_WIDTH_PX = 4;
const POINT_SIZE_PX = 14;
const POINT_OUTLINE_PX = 2;
const POINT_HEIGHT_M = 5;
const LABEL_FONT = '15px sans-serif';
const LABEL_OUTLINE_PX = 3;
const LABEL_OFFSET_PX = new Cartesian2(12, -4);
const SECONDS_PER_MINUTE = 60;
/**
 * Labels only when the camera is close enough for them to stand apart: at the district's overview
 * dozens of walking times and shelter names piled on each other (the points and routes stay).
 */
const ROUTE_LABELS_WITHIN = new DistanceDisplayCondition(0, 1_800);
const PLACE_LABELS_WITHIN = new DistanceDisplayCondition(0, 3_500);

interface Marker {
  point: PointPrimitive | null;
  label: Label;
}

interface MarkerSpec {
  key: string;
  lon: number;
  lat: number;
  text: string;
  colourCss: string;
  point: boolean;
}

const minutesOf = (seconds: number) => Math.ceil(seconds / SECONDS_PER_MINUTE);

/** Labels in both languages at once: the globe has no language of its own. */
function markersOf(plan: EvacuationPlan): MarkerSpec[] {
  const specs: MarkerSpec[] = [];
  for (const shelter of plan.shelters) {
    const open = shelter.state === 'open';
    specs.push({
      key: `shelter:${shelter.id}`,
      lon: shelter.lon,
      lat: shelter.lat,
      text: `${shelter.name} ${shelter.assignedPersons}/${shelter.capacityPersons}`,
      colourCss:
        open && shelter.assignedPersons < shelter.capacityPersons ? SHELTER_CSS : SHELTER_FULL_CSS,
      point: true,
    });
  }
  for (const resource of plan.resources) {
    if (resource.etaS === null) continue;
    specs.push({
      key: `resource:${resource.id}`,
      lon: resource.lon,
      lat: resource.lat,
      text: `${resource.name} ETA ${minutesOf(resource.etaS)} 分/min`,
      colourCss: RESOURCE_ETA_CSS,
      point: true,
    });
  }
  for (const building of plan.buildings) {
    const route = building.route;
    if (route === null) continue;
    const [lon, lat] = route.line[Math.floor(route.line.length / 2)]!;
    specs.push({
      key: `route:${building.buildingId}`,
      lon: lon!,
      lat: lat!,
      text: `步行 ${minutesOf(route.walkS)} 分 · walk ${minutesOf(route.walkS)} min`,
      colourCss: EVACUATION_ROUTE_CSS,
      point: false,
    });
  }
  return specs;
}

function routesPrimitiveOf(plan: EvacuationPlan): GroundPolylinePrimitive | null {
  const colour = ColorGeometryInstanceAttribute.fromColor(
    Color.fromCssColorString(EVACUATION_ROUTE_CSS),
  );
  const instances = plan.buildings.flatMap((building) =>
    building.route === null || building.route.line.length < 2
      ? []
      : [
          new GeometryInstance({
            id: `evacuation-route-${building.buildingId}`,
            geometry: new GroundPolylineGeometry({
              positions: Cartesian3.fromDegreesArray(building.route.line.flat()),
              width: ROUTE_WIDTH_PX,
            }),
            attributes: { color: colour },
          }),
        ],
  );
  if (instances.length === 0) return null;
  return new GroundPolylinePrimitive({
    geometryInstances: instances,
    appearance: new PolylineColorAppearance(),
    asynchronous: false,
  });
}

export const evacuationFeature = defineGlobeFeature<EvacuationPlan | null, void>({
  stores: [useEmergencyStore, useEvacuationStore],
  select: () => displayedEvacuationOf(useEmergencyStore.getState(), useEvacuationStore.getState()),
  create(scene, { probes }) {
    const flag = createDestroyedFlag();
    const points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    const labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
    const markers = new Map<string, Marker>();
    let routes: GroundPolylinePrimitive | null = null;
    let shown: EvacuationPlan | null = null;
    let heightsReady = false;

    function placeMarkers(specs: readonly MarkerSpec[]): void {
      const wanted = new Set(specs.map((spec) => spec.key));
      for (const [key, marker] of markers) {
        if (wanted.has(key)) continue;
        if (marker.point !== null) points.remove(marker.point);
        labels.remove(marker.label);
        markers.delete(key);
      }
      for (const spec of specs) {
        const position = Cartesian3.fromDegrees(spec.lon, spec.lat, POINT_HEIGHT_M);
        const colour = Color.fromCssColorString(spec.colourCss);
        const marker = markers.get(spec.key);
        if (marker !== undefined) {
          if (marker.point !== null) {
            marker.point.position = position;
            marker.point.color = colour;
          }
          marker.label.position = position;
          marker.label.text = spec.text;
          marker.label.fillColor = spec.point ? Color.WHITE : colour;
          continue;
        }
        markers.set(spec.key, {
          point: spec.point
            ? points.add({
                position,
                color: colour,
                pixelSize: POINT_SIZE_PX,
                outlineColor: Color.WHITE,
                outlineWidth: POINT_OUTLINE_PX,
                disableDepthTestDistance: ALWAYS_ON_TOP,
              })
            : null,
          label: labels.add({
            position,
            text: spec.text,
            font: LABEL_FONT,
            fillColor: spec.point ? Color.WHITE : colour,
            outlineColor: Color.BLACK,
            outlineWidth: LABEL_OUTLINE_PX,
            style: LabelStyle.FILL_AND_OUTLINE,
            pixelOffset: LABEL_OFFSET_PX,
            distanceDisplayCondition: spec.point ? PLACE_LABELS_WITHIN : ROUTE_LABELS_WITHIN,
            horizontalOrigin: HorizontalOrigin.LEFT,
            verticalOrigin: VerticalOrigin.CENTER,
            disableDepthTestDistance: ALWAYS_ON_TOP,
          }),
        });
      }
    }

    function draw(plan: EvacuationPlan | null): void {
      if (routes !== null) scene.primitives.remove(routes);
      routes = plan === null || !heightsReady ? null : routesPrimitiveOf(plan);
      if (routes !== null) scene.primitives.add(routes);
      placeMarkers(plan === null ? [] : markersOf(plan));
      const routed = plan?.buildings.filter((building) => building.route !== null) ?? [];
      probes.evacuation.setDrawn(
        plan === null
          ? null
          : {
              routes: routes === null ? 0 : routed.length,
              shelters: plan.shelters.length,
              resources: plan.resources.filter((resource) => resource.etaS !== null).length,
              routesM: routed.reduce((sum, building) => sum + building.route!.distanceM, 0),
            },
      );
      scene.requestRender();
    }

    // Ground polylines are built synchronously (the wall renders on request), which needs
    // Cesium's table of terrain heights first.
    void GroundPolylinePrimitive.initializeTerrainHeights().then(() => {
      if (flag.destroyed) return;
      heightsReady = true;
      draw(shown);
    });

    return {
      handle: undefined,
      update(plan) {
        if (plan === shown) return;
        shown = plan;
        draw(plan);
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          markers.clear();
          if (routes !== null) scene.primitives.remove(routes);
          scene.primitives.remove(points);
          scene.primitives.remove(labels);
          probes.evacuation.setDrawn(null);
        });
      },
    };
  },
});
