/**
 * Where a new report is, on a 2D map (MapLibre GL, loaded with the report sheet): the district's
 * own base map, kept on the phone so it opens offline too, centred on the worker's position. A
 * tap sets the report's point; the marker shows the point the report will carry (the GPS
 * position until a tap).
 */
import { Map as MapLibreMap, type GeoJSONSource, type StyleSpecification } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import { BASEMAP_SOURCE, basemapLayers } from './basemapLayers';
import { keptBasemap, type DeviceReader } from './deviceReads';
import './maplibreSetup';
import type { CachedAnswer } from './phoneCache';
import { usePhoneText } from './usePhoneText';

/** Close enough to tell one house from the next. */
const REPORT_ZOOM = 16;
const POINT_SOURCE = 'point';
const POINT_RADIUS_PX = 10;

export interface MapPoint {
  lon: number;
  lat: number;
}

function pointData(point: MapPoint | null): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features:
      point === null
        ? []
        : [
            {
              type: 'Feature',
              properties: {},
              geometry: { type: 'Point', coordinates: [point.lon, point.lat] },
            },
          ],
  };
}

function styleOf(base: GeoJSON.FeatureCollection, point: MapPoint | null): StyleSpecification {
  return {
    version: 8,
    sources: {
      [BASEMAP_SOURCE]: { type: 'geojson', data: base },
      [POINT_SOURCE]: { type: 'geojson', data: pointData(point) },
    },
    layers: [
      ...basemapLayers(),
      {
        id: 'report-point',
        type: 'circle',
        source: POINT_SOURCE,
        paint: {
          'circle-radius': POINT_RADIUS_PX,
          'circle-color': '#ff3b3b',
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ],
  };
}

/** The first coordinate of the base map: a centre when the phone has no position yet. */
function firstCoordinate(base: GeoJSON.FeatureCollection): MapPoint | null {
  let found: unknown = base.features.find(
    (feature) => feature.geometry.type !== 'GeometryCollection',
  )?.geometry;
  found = (found as { coordinates?: unknown } | undefined)?.coordinates;
  while (Array.isArray(found) && Array.isArray(found[0])) found = found[0];
  return Array.isArray(found) ? { lon: Number(found[0]), lat: Number(found[1]) } : null;
}

export default function ReportMap({
  reader,
  point,
  onPick,
}: {
  reader: DeviceReader;
  /** The point the report carries now (GPS or a tap); null while there is none. */
  point: MapPoint | null;
  onPick(point: MapPoint): void;
}) {
  const t = usePhoneText();
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const latest = useRef({ point, onPick });
  const [basemap, setBasemap] = useState<CachedAnswer<unknown> | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void keptBasemap(reader).then(
      (answer) => {
        if (cancelled || container.current === null) return;
        setBasemap(answer);
        const centre = latest.current.point ?? firstCoordinate(answer.value);
        const created = new MapLibreMap({
          container: container.current,
          style: styleOf(answer.value, latest.current.point),
          ...(centre === null ? {} : { center: [centre.lon, centre.lat], zoom: REPORT_ZOOM }),
          attributionControl: false,
        });
        // A point chosen while the style loaded is drawn once it is there.
        created.on('load', () =>
          created.getSource<GeoJSONSource>(POINT_SOURCE)?.setData(pointData(latest.current.point)),
        );
        created.on('click', (event) =>
          latest.current.onPick({ lon: event.lngLat.lng, lat: event.lngLat.lat }),
        );
        map.current = created;
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
      map.current?.remove();
      map.current = null;
    };
  }, [reader]);

  useEffect(() => {
    latest.current = { point, onPick };
    map.current?.getSource<GeoJSONSource>(POINT_SOURCE)?.setData(pointData(point));
  }, [point, onPick]);

  return (
    <>
      {failed && <p className="phone-error">{t('report.mapFailed')}</p>}
      <div
        ref={container}
        className="phone-map"
        data-testid="phone-report-map"
        data-map-ready={basemap !== null}
      />
    </>
  );
}
