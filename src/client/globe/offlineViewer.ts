/**
 * The Cesium viewer, fully offline: NaturalEarthII imagery shipped with Cesium, the bare WGS84
 * ellipsoid as terrain (the globe's default once no terrain is named), no ion, no geocoder, no
 * Bing. Only files under CESIUM_BASE_URL and the app's own API are ever requested, unless a
 * district's configuration names an imagery service (configuredImagery.ts). The options
 * are plain values for Resium's <Viewer>; what needs Cesium objects is set up on the created
 * viewer, once per viewer, so a re-created viewer (StrictMode) never shares a destroyed layer.
 */
import {
  buildModuleUrl,
  Color,
  ImageryLayer,
  Ion,
  TileMapServiceImageryProvider,
  type Viewer,
} from 'cesium';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import { addConfiguredImagery } from './configuredImagery';
import {
  GLOBE_BASE_CSS,
  IMAGERY_BRIGHTNESS,
  IMAGERY_CONTRAST,
  IMAGERY_SATURATION,
  SPACE_BACKGROUND_CSS,
} from '../theme/globePalette';

const NATURAL_EARTH_PATH = 'Assets/Textures/NaturalEarthII';
/** Atmosphere kept, but dimmed: a bright blue horizon glares on a dark wall. */
const SKY_ATMOSPHERE_BRIGHTNESS_SHIFT = -0.55;
const SKY_ATMOSPHERE_SATURATION_SHIFT = -0.4;
/** Antialiasing samples; 4 keeps building edges clean on a 4K wall. */
const MSAA_SAMPLES = 4;

/** Constructor options of the offline viewer: no default imagery, widgets or clock. */
export const OFFLINE_VIEWER_OPTIONS = {
  // No default imagery: the default is ion's Bing layer. NaturalEarthII is added below.
  baseLayer: false,
  baseLayerPicker: false,
  geocoder: false,
  homeButton: false,
  sceneModePicker: false,
  navigationHelpButton: false,
  animation: false,
  timeline: false,
  fullscreenButton: false,
  infoBox: false,
  selectionIndicator: false,
  skyBox: false,
  // The wall renders on demand: every layer asks for the frames it needs.
  requestRenderMode: true,
  maximumRenderTimeChange: Number.POSITIVE_INFINITY,
  msaaSamples: MSAA_SAMPLES,
} as const;

/** Adds the offline imagery and the command hall's scene colours to a new viewer. */
export function configureOfflineViewer(viewer: Viewer): void {
  // No ion account: an empty token makes any accidental ion request fail instead of leaking.
  Ion.defaultAccessToken = '';
  viewer.imageryLayers.add(
    ImageryLayer.fromProviderAsync(
      TileMapServiceImageryProvider.fromUrl(buildModuleUrl(NATURAL_EARTH_PATH)),
      {
        brightness: IMAGERY_BRIGHTNESS,
        saturation: IMAGERY_SATURATION,
        contrast: IMAGERY_CONTRAST,
      },
    ),
  );
  addConfiguredImagery(viewer);
  const { scene } = viewer;
  scene.backgroundColor = Color.fromCssColorString(SPACE_BACKGROUND_CSS);
  scene.globe.baseColor = Color.fromCssColorString(GLOBE_BASE_CSS);
  scene.globe.showGroundAtmosphere = false;
  scene.globe.enableLighting = false;
  if (scene.skyAtmosphere) {
    scene.skyAtmosphere.brightnessShift = SKY_ATMOSPHERE_BRIGHTNESS_SHIFT;
    scene.skyAtmosphere.saturationShift = SKY_ATMOSPHERE_SATURATION_SHIFT;
  }
  if (scene.sun) scene.sun.show = false;
  if (scene.moon) scene.moon.show = false;
}
