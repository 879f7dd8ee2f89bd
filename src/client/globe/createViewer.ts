/**
 * The Cesium viewer, fully offline: NaturalEarthII imagery shipped with Cesium, the bare WGS84
 * ellipsoid as terrain, no ion, no geocoder, no Bing. Only files under CESIUM_BASE_URL and the
 * app's own API are ever requested.
 */
import {
  buildModuleUrl,
  Color,
  EllipsoidTerrainProvider,
  ImageryLayer,
  Ion,
  TileMapServiceImageryProvider,
  Viewer,
} from 'cesium';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import {
  GLOBE_BASE_CSS,
  IMAGERY_BRIGHTNESS,
  IMAGERY_CONTRAST,
  IMAGERY_SATURATION,
  SPACE_BACKGROUND_CSS,
} from './globePalette';

const NATURAL_EARTH_PATH = 'Assets/Textures/NaturalEarthII';
/** Atmosphere kept, but dimmed: a bright blue horizon glares on a dark wall. */
const SKY_ATMOSPHERE_BRIGHTNESS_SHIFT = -0.55;
const SKY_ATMOSPHERE_SATURATION_SHIFT = -0.4;
/** Antialiasing samples; 4 keeps building edges clean on a 4K wall. */
const MSAA_SAMPLES = 4;

export function createViewer(container: HTMLElement): Viewer {
  // No ion account: an empty token makes any accidental ion request fail instead of leaking.
  Ion.defaultAccessToken = '';

  const baseLayer = ImageryLayer.fromProviderAsync(
    TileMapServiceImageryProvider.fromUrl(buildModuleUrl(NATURAL_EARTH_PATH)),
    {
      brightness: IMAGERY_BRIGHTNESS,
      saturation: IMAGERY_SATURATION,
      contrast: IMAGERY_CONTRAST,
    },
  );

  const viewer = new Viewer(container, {
    baseLayer,
    terrainProvider: new EllipsoidTerrainProvider(),
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
    requestRenderMode: true,
    maximumRenderTimeChange: Infinity,
    msaaSamples: MSAA_SAMPLES,
  });

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
  return viewer;
}
