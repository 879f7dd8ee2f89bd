/**
 * The district's configured base imagery over the bundled NaturalEarthII (which stays below as
 * the world background and is all there is by default): `GET /api/imagery` names an offline
 * package the server serves tile by tile, or an XYZ/WMTS service (e.g. Tianditu with its key)
 * the browser asks directly. A failed answer leaves the bundled imagery alone.
 */
import {
  ImageryLayer,
  Resource,
  UrlTemplateImageryProvider,
  WebMercatorTilingScheme,
  WebMapTileServiceImageryProvider,
  type Viewer,
} from 'cesium';
import { API_PREFIX } from '../../shared/api';
import { IMAGERY_BRIGHTNESS, IMAGERY_CONTRAST, IMAGERY_SATURATION } from '../theme/globePalette';

export const IMAGERY_PATH = `${API_PREFIX}/imagery`;

export interface ImageryInfo {
  type: 'bundled' | 'xyz' | 'wmts' | 'package';
  url?: string;
  subdomains?: string[];
  layer?: string;
  style?: string;
  tileMatrixSetId?: string;
  format?: string;
  minimumLevel?: number;
  maximumLevel?: number;
  credit?: string;
}

/** What to build for an answer; null keeps the bundled imagery only. Pure, for tests. */
export type ImageryPlan =
  | {
      kind: 'template';
      url: string;
      subdomains?: string[];
      minimumLevel?: number;
      maximumLevel?: number;
      credit?: string;
    }
  | {
      kind: 'wmts';
      url: string;
      layer: string;
      style: string;
      tileMatrixSetID: string;
      format: string;
      maximumLevel?: number;
      credit?: string;
    };

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

export function imageryPlan(info: ImageryInfo): ImageryPlan | null {
  switch (info.type) {
    case 'package':
      return {
        kind: 'template',
        url: `${IMAGERY_PATH}/{z}/{x}/{y}`,
        ...optional('minimumLevel', info.minimumLevel),
        ...optional('maximumLevel', info.maximumLevel),
      };
    case 'xyz':
      if (info.url === undefined) return null;
      return {
        kind: 'template',
        url: info.url,
        ...optional('subdomains', info.subdomains),
        ...optional('maximumLevel', info.maximumLevel),
        ...optional('credit', info.credit),
      };
    case 'wmts':
      if (
        info.url === undefined ||
        info.layer === undefined ||
        info.tileMatrixSetId === undefined
      ) {
        return null;
      }
      return {
        kind: 'wmts',
        url: info.url,
        layer: info.layer,
        style: info.style ?? 'default',
        tileMatrixSetID: info.tileMatrixSetId,
        format: info.format ?? 'image/jpeg',
        ...optional('maximumLevel', info.maximumLevel),
        ...optional('credit', info.credit),
      };
    default:
      return null;
  }
}

/** Adds the configured imagery above the bundled layer once the server has said which. */
export function addConfiguredImagery(viewer: Viewer): void {
  void (Resource.fetchJson({ url: IMAGERY_PATH }) as Promise<ImageryInfo>)
    .then((info) => {
      const plan = imageryPlan(info);
      if (plan === null || viewer.isDestroyed()) return;
      const provider =
        plan.kind === 'template'
          ? new UrlTemplateImageryProvider({
              url: plan.url,
              tilingScheme: new WebMercatorTilingScheme(),
              ...optional('subdomains', plan.subdomains),
              ...optional('minimumLevel', plan.minimumLevel),
              ...optional('maximumLevel', plan.maximumLevel),
              ...optional('credit', plan.credit),
            })
          : new WebMapTileServiceImageryProvider({
              url: plan.url,
              layer: plan.layer,
              style: plan.style,
              tileMatrixSetID: plan.tileMatrixSetID,
              format: plan.format,
              ...optional('maximumLevel', plan.maximumLevel),
              ...optional('credit', plan.credit),
            });
      viewer.imageryLayers.add(
        new ImageryLayer(provider, {
          brightness: IMAGERY_BRIGHTNESS,
          saturation: IMAGERY_SATURATION,
          contrast: IMAGERY_CONTRAST,
        }),
      );
      viewer.scene.requestRender();
    })
    .catch(() => {
      // No answer (signed out, older server): the bundled imagery stays, as by default.
    });
}
