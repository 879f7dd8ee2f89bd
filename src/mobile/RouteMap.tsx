/**
 * The walk to a task on a 2D map (MapLibre GL, loaded only when a route is opened): the district's
 * own base map from the server (no online tiles, no fonts: nothing is fetched from elsewhere),
 * the route along the roads, where the worker is and where the site is, with distance and time.
 */
import { LngLatBounds, Map as MapLibreMap, type StyleSpecification } from 'maplibre-gl';
import { useEffect, useRef, useState } from 'react';
import {
  DEVICE_BASEMAP_API_PATH,
  DEVICE_ROUTE_API_PATH,
  type DeviceWalk,
} from '../shared/incidents';
import { BASEMAP_SOURCE, basemapLayers } from './basemapLayers';
import { getDeviceJson } from './deviceReads';
import './maplibreSetup';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

const ROUTE_PADDING_PX = 40;
const SECONDS_PER_MINUTE = 60;

let basemap: Promise<GeoJSON.FeatureCollection> | null = null;

function styleOf(base: GeoJSON.FeatureCollection, walk: DeviceWalk): StyleSpecification {
  return {
    version: 8,
    sources: {
      [BASEMAP_SOURCE]: { type: 'geojson', data: base },
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
      ...basemapLayers(),
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
    basemap ??= getDeviceJson<GeoJSON.FeatureCollection>(DEVICE_BASEMAP_API_PATH, device.token);
    const query = `incidentId=${encodeURIComponent(incidentId)}&lon=${from.lon}&lat=${from.lat}`;
    void Promise.all([
      basemap,
      getDeviceJson<DeviceWalk>(`${DEVICE_ROUTE_API_PATH}?${query}`, device.token),
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
