/**
 * The globe's test probes: the only module that touches the globe's DOM container. Layers report
 * plain facts to a typed probe object; this module writes them as `data-*` attributes that the
 * browser tests and the wall's loading indicator wait on, and answers the two read-back hooks a
 * test writes into (a worker's screen position, the heat at a place).
 */

/** Whether the first view's tiles are in and drawn / whether every tile the view needs is. */
export const GLOBE_READY_ATTRIBUTE = 'data-globe-ready';
export const TILES_LOADED_ATTRIBUTE = 'data-tiles-loaded';
/** The district's own 3D model (photogrammetry) is loaded: "true" once its tileset is in. */
export const MODEL_LOADED_ATTRIBUTE = 'data-model-loaded';
/** The unit highlighted on that model and how many units of its floor are lit: "unitId:count". */
export const MODEL_HIGHLIGHT_ATTRIBUTE = 'data-model-highlight';
export const CAMERA_FLYING_ATTRIBUTE = 'data-camera-flying';
/** The preset of the last flight that landed: district, grid, building or unit. */
export const CAMERA_VIEW_ATTRIBUTE = 'data-camera-view';
/** Where that flight looked: "lon,lat" in degrees. */
export const CAMERA_FOCUS_ATTRIBUTE = 'data-camera-focus';
const FOCUS_DECIMALS = 6;

/** Workers with a dot on the globe / of those, gliding now. */
export const WORKERS_COUNT_ATTRIBUTE = 'data-workers-count';
export const WORKERS_MOVING_ATTRIBUTE = 'data-workers-moving';
export const SELECTED_WORKER_ATTRIBUTE = 'data-selected-worker';
export const FOLLOWING_ATTRIBUTE = 'data-following';
/**
 * A test writes a worker id into `data-worker-probe`; after each drawn frame the globe writes
 * that worker's screen position ("x,y" in CSS pixels from the canvas' top left, empty when not
 * drawn) into `data-worker-probe-screen`.
 */
export const WORKER_PROBE_ATTRIBUTE = 'data-worker-probe';
export const WORKER_PROBE_SCREEN_ATTRIBUTE = 'data-worker-probe-screen';
const SCREEN_DECIMALS = 1;

/** Incidents on the globe (alone or in a cluster) / clusters drawn / markers pulsing. */
export const INCIDENTS_COUNT_ATTRIBUTE = 'data-incidents-count';
export const INCIDENT_CLUSTERS_ATTRIBUTE = 'data-incident-clusters';
export const INCIDENTS_PULSING_ATTRIBUTE = 'data-incidents-pulsing';
export const SELECTED_INCIDENT_ATTRIBUTE = 'data-selected-incident';
/** "true" while the next click on the globe sets the report form's place. */
export const PICKING_PLACE_ATTRIBUTE = 'data-picking-place';

export const HEAT_ENABLED_ATTRIBUTE = 'data-heat-enabled';
/** Incidents in the drawn heat. */
export const HEAT_INCIDENTS_ATTRIBUTE = 'data-heat-incidents';
/** Goes up with every redraw. */
export const HEAT_VERSION_ATTRIBUTE = 'data-heat-version';
/** `perKm2` or `per1000Residents`. */
export const HEAT_UNIT_ATTRIBUTE = 'data-heat-unit';
export const HEAT_SCALE_MAX_ATTRIBUTE = 'data-heat-scale-max';
/**
 * A test writes "lon,lat" into `data-heat-probe`; after each redraw (and when the probe changes)
 * the globe writes the heat there, in the current unit, into `data-heat-probe-value`.
 */
export const HEAT_PROBE_ATTRIBUTE = 'data-heat-probe';
export const HEAT_PROBE_VALUE_ATTRIBUTE = 'data-heat-probe-value';
export const HEAT_CELL_ATTRIBUTE = 'data-heat-cell';
const HEAT_PROBE_DECIMALS = 6;

/**
 * The evacuation plan drawn: routes, shelters and resources on the globe, and the routes' total
 * length in metres (a wind change that moves any route changes it); empty when none is drawn.
 */
export const EVACUATION_ROUTES_ATTRIBUTE = 'data-evacuation-routes';
export const EVACUATION_SHELTERS_ATTRIBUTE = 'data-evacuation-shelters';
export const EVACUATION_RESOURCES_ATTRIBUTE = 'data-evacuation-resources';
export const EVACUATION_ROUTES_M_ATTRIBUTE = 'data-evacuation-routes-m';

/** Replay time shown by the moving points, epoch ms; empty while nothing is replayed. */
export const REPLAY_TIME_ATTRIBUTE = 'data-replay-time';
/** `workerId:lon,lat` of each visible replay point, `;`-separated. */
export const REPLAY_POSITIONS_ATTRIBUTE = 'data-replay-positions';
const REPLAY_POSITION_DECIMALS = 7;

interface LonLat {
  lon: number;
  lat: number;
}

export interface GlobeProbes {
  readonly globe: {
    setReady(ready: boolean): void;
    setTilesLoaded(loaded: boolean): void;
    setFlying(flying: boolean): void;
    setLanded(preset: string, target: LonLat): void;
    setModelLoaded(loaded: boolean): void;
    setModelHighlight(highlight: { unitId: number | null; floorUnits: number }): void;
  };
  readonly workers: {
    setStats(stats: { shown: number; moving: number }): void;
    setSelected(workerId: number | null): void;
    setFollowing(following: boolean): void;
    /** How to answer the screen-position probe; asked after every drawn frame. */
    answerScreenPosition(screenOf: (workerId: number) => { xPx: number; yPx: number } | null): void;
  };
  readonly incidents: {
    setStats(stats: { shown: number; clusters: number; pulsing: number }): void;
    setSelected(incidentId: string | null): void;
    setPickingPlace(picking: boolean): void;
  };
  readonly heat: {
    setEnabled(enabled: boolean): void;
    /** A redraw landed; the value probe is answered again. */
    setDrawn(drawn: { incidents: number; version: number; unit: string; scaleMax: number }): void;
    setCell(cellId: string | null): void;
    /** How to answer the value probe: the heat at a place in the current unit; null before any. */
    answerValue(valueAt: (lon: number, lat: number) => number | null): void;
  };
  readonly replay: {
    /** What the replay's moving points show; null when nothing is replayed. */
    setFrame(frame: { timeMs: number; positions: ReadonlyMap<number, LonLat> } | null): void;
  };
  readonly evacuation: {
    setDrawn(
      drawn: { routes: number; shelters: number; resources: number; routesM: number } | null,
    ): void;
  };
  /** Call after each drawn frame. */
  afterRender(): void;
  destroy(): void;
}

export interface GlobeProbeOptions {
  /** A new worker probe needs a frame to be answered, even on a still wall. */
  requestRender(): void;
}

export function createGlobeProbes(container: HTMLElement, options: GlobeProbeOptions): GlobeProbes {
  const write = (name: string, value: string) => {
    if (container.getAttribute(name) !== value) container.setAttribute(name, value);
  };
  let screenOf: ((workerId: number) => { xPx: number; yPx: number } | null) | null = null;
  let heatValueAt: ((lon: number, lat: number) => number | null) | null = null;

  function answerWorkerProbe(): void {
    const probe = container.getAttribute(WORKER_PROBE_ATTRIBUTE);
    if (probe === null || probe === '' || screenOf === null) return;
    const screen = screenOf(Number(probe));
    write(
      WORKER_PROBE_SCREEN_ATTRIBUTE,
      screen ? `${screen.xPx.toFixed(SCREEN_DECIMALS)},${screen.yPx.toFixed(SCREEN_DECIMALS)}` : '',
    );
  }

  function answerHeatProbe(): void {
    const probe = container.getAttribute(HEAT_PROBE_ATTRIBUTE);
    if (probe === null || probe === '' || heatValueAt === null) return;
    const [lon, lat] = probe.split(',').map(Number);
    if (lon === undefined || lat === undefined || !Number.isFinite(lon + lat)) return;
    const value = heatValueAt(lon, lat);
    if (value !== null) write(HEAT_PROBE_VALUE_ATTRIBUTE, value.toFixed(HEAT_PROBE_DECIMALS));
  }

  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.attributeName === WORKER_PROBE_ATTRIBUTE) options.requestRender();
      if (record.attributeName === HEAT_PROBE_ATTRIBUTE) answerHeatProbe();
    }
  });
  observer.observe(container, { attributeFilter: [WORKER_PROBE_ATTRIBUTE, HEAT_PROBE_ATTRIBUTE] });

  write(GLOBE_READY_ATTRIBUTE, 'false');
  write(TILES_LOADED_ATTRIBUTE, 'false');
  write(CAMERA_FLYING_ATTRIBUTE, 'false');

  return {
    globe: {
      setReady: (ready) => write(GLOBE_READY_ATTRIBUTE, String(ready)),
      setTilesLoaded: (loaded) => write(TILES_LOADED_ATTRIBUTE, String(loaded)),
      setFlying: (flying) => write(CAMERA_FLYING_ATTRIBUTE, String(flying)),
      setLanded(preset, target) {
        write(CAMERA_VIEW_ATTRIBUTE, preset);
        write(
          CAMERA_FOCUS_ATTRIBUTE,
          `${target.lon.toFixed(FOCUS_DECIMALS)},${target.lat.toFixed(FOCUS_DECIMALS)}`,
        );
      },
      setModelLoaded: (loaded) => write(MODEL_LOADED_ATTRIBUTE, String(loaded)),
      setModelHighlight: ({ unitId, floorUnits }) =>
        write(MODEL_HIGHLIGHT_ATTRIBUTE, unitId === null ? '' : `${unitId}:${floorUnits}`),
    },
    workers: {
      setStats(stats) {
        write(WORKERS_COUNT_ATTRIBUTE, String(stats.shown));
        write(WORKERS_MOVING_ATTRIBUTE, String(stats.moving));
      },
      setSelected: (workerId) => write(SELECTED_WORKER_ATTRIBUTE, String(workerId ?? '')),
      setFollowing: (following) => write(FOLLOWING_ATTRIBUTE, String(following)),
      answerScreenPosition(answer) {
        screenOf = answer;
      },
    },
    incidents: {
      setStats(stats) {
        write(INCIDENTS_COUNT_ATTRIBUTE, String(stats.shown));
        write(INCIDENT_CLUSTERS_ATTRIBUTE, String(stats.clusters));
        write(INCIDENTS_PULSING_ATTRIBUTE, String(stats.pulsing));
      },
      setSelected: (incidentId) => write(SELECTED_INCIDENT_ATTRIBUTE, incidentId ?? ''),
      setPickingPlace: (picking) => write(PICKING_PLACE_ATTRIBUTE, String(picking)),
    },
    heat: {
      setEnabled: (enabled) => write(HEAT_ENABLED_ATTRIBUTE, String(enabled)),
      setDrawn(drawn) {
        write(HEAT_INCIDENTS_ATTRIBUTE, String(drawn.incidents));
        write(HEAT_VERSION_ATTRIBUTE, String(drawn.version));
        write(HEAT_UNIT_ATTRIBUTE, drawn.unit);
        write(HEAT_SCALE_MAX_ATTRIBUTE, String(drawn.scaleMax));
        answerHeatProbe();
      },
      setCell: (cellId) => write(HEAT_CELL_ATTRIBUTE, cellId ?? ''),
      answerValue(valueAt) {
        heatValueAt = valueAt;
        answerHeatProbe();
      },
    },
    evacuation: {
      setDrawn(drawn) {
        write(EVACUATION_ROUTES_ATTRIBUTE, drawn === null ? '' : String(drawn.routes));
        write(EVACUATION_SHELTERS_ATTRIBUTE, drawn === null ? '' : String(drawn.shelters));
        write(EVACUATION_RESOURCES_ATTRIBUTE, drawn === null ? '' : String(drawn.resources));
        write(EVACUATION_ROUTES_M_ATTRIBUTE, drawn === null ? '' : String(drawn.routesM));
      },
    },
    replay: {
      setFrame(frame) {
        if (frame === null) {
          write(REPLAY_TIME_ATTRIBUTE, '');
          write(REPLAY_POSITIONS_ATTRIBUTE, '');
          return;
        }
        write(REPLAY_TIME_ATTRIBUTE, String(Math.round(frame.timeMs)));
        write(
          REPLAY_POSITIONS_ATTRIBUTE,
          [...frame.positions]
            .map(
              ([workerId, { lon, lat }]) =>
                `${workerId}:${lon.toFixed(REPLAY_POSITION_DECIMALS)},${lat.toFixed(REPLAY_POSITION_DECIMALS)}`,
            )
            .join(';'),
        );
      },
    },
    afterRender: answerWorkerProbe,
    destroy() {
      observer.disconnect();
      screenOf = null;
      heatValueAt = null;
      write(GLOBE_READY_ATTRIBUTE, 'false');
    },
  };
}
