/**
 * The district on a 2D map (MapLibre GL, loaded only when the picker opens): the district's own
 * base map and boundary from the server, no online tiles, no fonts — nothing is fetched from
 * elsewhere. A tap reports where; the chosen point is drawn as a marker. The map is created once
 * and only its marker's data changes afterwards.
 */
import {
  Map as MapLibreMap,
  setWorkerUrl,
  type ExpressionSpecification,
  type FilterSpecification,
  type GeoJSONSource,
  type StyleSpecification,
} from 'maplibre-gl';
// MapLibre 6 loads its worker from a separate module: Vite bundles it and hands back the URL.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef } from 'react';
import type { ResidentMap } from '../shared/residentMap';

setWorkerUrl(maplibreWorkerUrl);

const BOUNDS_PADDING_PX = 16;
const PICK_SOURCE = 'pick';
/** Light colours, for daylight like the rest of the page. */
const COLOURS = {
  background: '#eef1f4',
  block: '#dde3ea',
  green: '#cfe8d2',
  water: '#b9d7f0',
  road: '#ffffff',
  roadCasing: '#b8c2cf',
  boundary: '#0b6bcb',
  pick: '#c0262d',
};

export interface LonLatPoint {
  lon: number;
  lat: number;
}

function pickData(position: LonLatPoint | null): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features:
      position === null
        ? []
        : [
            {
              type: 'Feature',
              properties: {},
              geometry: { type: 'Point', coordinates: [position.lon, position.lat] },
            },
          ],
  };
}

function styleOf(district: ResidentMap, position: LonLatPoint | null): StyleSpecification {
  const kind = (value: string): FilterSpecification => ['==', ['get', 'kind'], value];
  const roadWidth = (): ExpressionSpecification => [
    'interpolate',
    ['linear'],
    ['zoom'],
    13,
    1,
    18,
    8,
  ];
  return {
    version: 8,
    sources: {
      base: { type: 'geojson', data: district.basemap },
      boundary: {
        type: 'geojson',
        data: { type: 'Feature', properties: {}, geometry: district.boundary },
      },
      [PICK_SOURCE]: { type: 'geojson', data: pickData(position) },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': COLOURS.background } },
      {
        id: 'blocks',
        type: 'fill',
        source: 'base',
        filter: kind('block'),
        paint: { 'fill-color': COLOURS.block },
      },
      {
        id: 'green',
        type: 'fill',
        source: 'base',
        filter: kind('green'),
        paint: { 'fill-color': COLOURS.green },
      },
      {
        id: 'water',
        type: 'fill',
        source: 'base',
        filter: kind('water'),
        paint: { 'fill-color': COLOURS.water },
      },
      {
        id: 'road-casing',
        type: 'line',
        source: 'base',
        filter: kind('road'),
        paint: { 'line-color': COLOURS.roadCasing, 'line-width': roadWidth() },
      },
      {
        id: 'roads',
        type: 'line',
        source: 'base',
        filter: kind('road'),
        paint: { 'line-color': COLOURS.road, 'line-width': roadWidth() },
      },
      {
        id: 'boundary',
        type: 'line',
        source: 'boundary',
        paint: { 'line-color': COLOURS.boundary, 'line-width': 3, 'line-dasharray': [2, 1] },
      },
      {
        id: 'pick',
        type: 'circle',
        source: PICK_SOURCE,
        paint: {
          'circle-radius': 10,
          'circle-color': COLOURS.pick,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 3,
        },
      },
    ],
  };
}

export default function DistrictMap({
  district,
  position,
  onTap,
}: {
  district: ResidentMap;
  position: LonLatPoint | null;
  onTap(point: LonLatPoint): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const map = useRef<MapLibreMap | null>(null);
  const tap = useRef(onTap);
  tap.current = onTap;
  const initialPosition = useRef(position);

  useEffect(() => {
    if (container.current === null) return;
    const [west, south, east, north] = district.bbox;
    const start = initialPosition.current;
    const created = new MapLibreMap({
      container: container.current,
      style: styleOf(district, start),
      ...(start === null
        ? {
            bounds: [west, south, east, north] as [number, number, number, number],
            fitBoundsOptions: { padding: BOUNDS_PADDING_PX },
          }
        : { center: [start.lon, start.lat] as [number, number], zoom: 16 }),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
    });
    created.touchZoomRotate.disableRotation();
    created.on('click', (event) => tap.current({ lon: event.lngLat.lng, lat: event.lngLat.lat }));
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
    };
  }, [district]);

  useEffect(() => {
    const source = map.current?.getSource<GeoJSONSource>(PICK_SOURCE);
    source?.setData(pickData(position));
  }, [position]);

  return <div ref={container} className="resident-map" data-testid="resident-map" />;
}
