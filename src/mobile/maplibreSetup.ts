/**
 * MapLibre GL for the phone's maps, set up once: MapLibre 6 loads its worker from a separate
 * module, which Vite bundles (with its shared chunk) and hands back as a URL. Imported only by
 * the lazily loaded maps, so the app shell stays small.
 *
 * The workers are started now and held (`prewarm`): MapLibre otherwise ends them when the last
 * map closes and fetches the worker script again for the next map, which fails offline — the
 * report map must open in a basement after the phone loaded the map code upstairs.
 */
import { prewarm, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';

setWorkerUrl(maplibreWorkerUrl);
prewarm();
