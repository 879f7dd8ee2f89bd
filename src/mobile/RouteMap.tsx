/**
 * The walk to a task on a 2D map (MapLibre GL, loaded only when a route is opened): the district's
 * own base map from the server (no online tiles, no fonts: nothing is fetched from elsewhere),
 * the route along the roads, where the worker is and where the site is, with distance and time.
 */
import {
  LngLatBounds,
  Map as MapLibreMap,
  setWorkerUrl,
  type FilterSpecification,
  type StyleSpecification,
} from 'maplibre-gl';
// MapLibre 6 loads its worker from a separate module: Vite bundles it (with its shared chunk)
// and hands back the URL.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useRef, useState } from 'react';
import {
  DEVICE_BASEMAP_API_PATH,
  DEVICE_ROUTE_API_PATH,
  type DeviceWalk,
} from '../shared/incidents';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

setWorkerUrl(maplibreWorkerUrl);

const ROUTE_PADDING_PX = 40;
const SECONDS_PER_MINUTE = 60;

let basemap: Promise<GeoJSON.FeatureCollection> | null = null;

async function getJson<T>(path: string, deviceToken: string): Promise<T> {
  const answer = await fetch(path, { headers: { authorization: `Device ${deviceToken}` } });
  if (!answer.ok) throw new Error(`HTTP ${answer.status}`);
  return (await answer.json()) as T;
}

function styleOf(base: GeoJSON.FeatureCollection, walk: DeviceWalk): StyleSpecification {
  const kind = (value: string): FilterSpecification => ['==', ['get', 'kind'], value];
  return {
    version: 8,
    sources: {
      base: { type: 'geojson', data: base },
      route: {
        type: 'geojson',
        data: {
          type: 'Feature',
          properties: {},
          geometry: { type: 'LineString', coordinates: walk.line },
        },
      },
      ends: {
        type: 'geojson',
        data: {
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { end: 'worker' },
              geometry: { type: 'Point', coordinates: walk.line[0]! },
            },
            {
              type: 'Feature',
              properties: { end: 'site' },
              geometry: { type: 'Point', coordinates: walk.line.at(-1)! },
            },
          ],
        },
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#06121f' } },
      {
        id: 'blocks',
        type: 'fill',
        source: 'base',
        filter: kind('block'),
        paint: { 'fill-color': '#0d2136' },
      },
      {
        id: 'green',
        type: 'fill',
        source: 'base',
        filter: kind('green'),
        paint: { 'fill-color': '#0f3a2a' },
      },
      {
        id: 'water',
        type: 'fill',
        source: 'base',
        filter: kind('water'),
        paint: { 'fill-color': '#0b3658' },
      },
      {
        id: 'roads',
        type: 'line',
        source: 'base',
        filter: kind('road'),
        paint: {
          'line-color': '#49698a',
          'line-width': ['interpolate', ['linear'], ['zoom'], 13, 1, 18, 8],
        },
      },
      {
        id: 'route',
        type: 'line',
        source: 'route',
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: { 'line-color': '#ff8a3d', 'line-width': 6 },
      },
      {
        id: 'ends',
        type: 'circle',
        source: 'ends',
        paint: {
          'circle-radius': 9,
          'circle-color': ['match', ['get', 'end'], 'worker', '#2fb4ff', '#ff3b3b'],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 2,
        },
      },
    ],
  };
}

export default function RouteMap({ incidentId, onClose }: { incidentId: string; onClose(): void }) {
  const t = usePhoneText();
  const device = usePhoneStore((state) => state.device);
  const from = usePhoneStore((state) => state.lastFix);
  const container = useRef<HTMLDivElement>(null);
  const [walk, setWalk] = useState<DeviceWalk | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (device === null || from === null || container.current === null) return;
    let map: MapLibreMap | null = null;
    let cancelled = false;
    basemap ??= getJson<GeoJSON.FeatureCollection>(DEVICE_BASEMAP_API_PATH, device.token);
    const query = `incidentId=${encodeURIComponent(incidentId)}&lon=${from.lon}&lat=${from.lat}`;
    void Promise.all([
      basemap,
      getJson<DeviceWalk>(`${DEVICE_ROUTE_API_PATH}?${query}`, device.token),
    ])
      .then(([base, route]) => {
        if (cancelled || container.current === null) return;
        setWalk(route);
        const bounds = new LngLatBounds();
        for (const point of route.line) bounds.extend(point);
        map = new MapLibreMap({
          container: container.current,
          style: styleOf(base, route),
          bounds,
          fitBoundsOptions: { padding: ROUTE_PADDING_PX },
          attributionControl: false,
        });
      })
      .catch(() => {
        basemap = null;
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      map?.remove();
    };
    // The route is drawn from where the worker was when it was opened.
  }, [device, incidentId]);

  return (
    <section className="phone-card phone-route" data-testid="phone-route">
      <div className="phone-task-head">
        <strong>{t('route.title')}</strong>
        <button type="button" className="phone-button small" onClick={onClose}>
          {t('tasks.cancel')}
        </button>
      </div>
      {from === null && <p className="phone-error">{t('report.noFix')}</p>}
      {failed && <p className="phone-error">{t('route.failed')}</p>}
      {walk !== null && (
        <p className="phone-status" data-testid="phone-route-summary">
          {t(walk.alongRoads ? 'route.summary' : 'route.straight', {
            distance: Math.round(walk.distanceM),
            minutes: Math.max(1, Math.round(walk.durationS / SECONDS_PER_MINUTE)),
          })}
        </p>
      )}
      <div ref={container} className="phone-map" data-testid="phone-route-map" />
    </section>
  );
}
