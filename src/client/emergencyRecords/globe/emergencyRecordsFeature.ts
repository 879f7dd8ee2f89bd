/**
 * Emergency records on the globe: a point and a label per placed record of the kinds the
 * launcher shows, fed by the records store. Mounted once; an update diffs by id (new points
 * added, gone ones removed, the rest re-coloured and moved in place), never remove-all-and-re-add.
 */
import {
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  VerticalOrigin,
  type Label,
  type PointPrimitive,
} from 'cesium';
import { createDestroyedFlag, defineGlobeFeature } from '../../globe/GlobeLayer';
import { ALWAYS_ON_TOP } from '../../globe/wallScale';
import type { EmergencyRecordView } from '../../../shared/emergencyRecords';
import {
  selectShownRecords,
  useEmergencyRecordStore,
  type EmergencyRecordState,
} from '../emergencyRecordStore';
import { recordColourCss } from '../recordStyle';

const POINT_SIZE_PX = 12;
const SELECTED_POINT_SIZE_PX = 20;
const POINT_OUTLINE_PX = 2;
const POINT_HEIGHT_M = 4;
const LABEL_FONT = '14px sans-serif';
const LABEL_OFFSET_PX = new Cartesian2(10, -4);

interface Marker {
  point: PointPrimitive;
  label: Label;
}

function positionOf(record: EmergencyRecordView): Cartesian3 {
  const { lon, lat } = record.location!;
  return Cartesian3.fromDegrees(lon, lat, POINT_HEIGHT_M);
}

export const emergencyRecordsFeature = defineGlobeFeature<EmergencyRecordState, void>({
  stores: [useEmergencyRecordStore],
  select: () => useEmergencyRecordStore.getState(),
  create(scene, { camera }) {
    const flag = createDestroyedFlag();
    const points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    const labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
    const markers = new Map<number, Marker>();
    let previous: EmergencyRecordState | null = null;

    function place(records: readonly EmergencyRecordView[], selectedId: number | null): void {
      const wanted = new Set(records.map((record) => record.id));
      for (const [id, marker] of markers) {
        if (wanted.has(id)) continue;
        points.remove(marker.point);
        labels.remove(marker.label);
        markers.delete(id);
      }
      for (const record of records) {
        const position = positionOf(record);
        const colour = Color.fromCssColorString(recordColourCss(record));
        const size = record.id === selectedId ? SELECTED_POINT_SIZE_PX : POINT_SIZE_PX;
        const marker = markers.get(record.id);
        if (marker === undefined) {
          markers.set(record.id, {
            point: points.add({
              position,
              color: colour,
              pixelSize: size,
              outlineColor: Color.WHITE,
              outlineWidth: POINT_OUTLINE_PX,
              disableDepthTestDistance: ALWAYS_ON_TOP,
            }),
            label: labels.add({
              position,
              text: record.name,
              font: LABEL_FONT,
              fillColor: Color.WHITE,
              outlineColor: Color.BLACK,
              outlineWidth: 3,
              style: LabelStyle.FILL_AND_OUTLINE,
              pixelOffset: LABEL_OFFSET_PX,
              horizontalOrigin: HorizontalOrigin.LEFT,
              verticalOrigin: VerticalOrigin.CENTER,
              disableDepthTestDistance: ALWAYS_ON_TOP,
            }),
          });
          continue;
        }
        marker.point.position = position;
        marker.point.color = colour;
        marker.point.pixelSize = size;
        marker.label.position = position;
        marker.label.text = record.name;
      }
      scene.requestRender();
    }

    return {
      handle: undefined,
      update(state) {
        if (
          state.records !== previous?.records ||
          state.shownKinds !== previous.shownKinds ||
          state.selectedId !== previous.selectedId
        ) {
          place(selectShownRecords(state), state.selectedId);
        }
        if (state.selectedId !== null && state.selectedId !== previous?.selectedId) {
          const location = state.records[state.selectedId]?.location;
          if (location) camera.flyTo({ ...location, heightM: 0, radiusM: 150 }, 'building');
        }
        previous = state;
      },
      isDestroyed: () => flag.destroyed,
      destroy() {
        flag.destroy(() => {
          markers.clear();
          scene.primitives.remove(points);
          scene.primitives.remove(labels);
        });
      },
    };
  },
});
