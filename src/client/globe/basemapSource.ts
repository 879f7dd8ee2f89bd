/**
 * The base map comes from the app's own API, fetched like the tiles through Cesium's
 * Resource on the same origin (the session cookie rides along): static district geometry for
 * the globe, not a panel's REST data.
 */
import { Resource } from 'cesium';
import { API_PREFIX, type BasemapCollection } from '../../shared/api';

export const BASEMAP_PATH = `${API_PREFIX}/basemap`;

export async function loadBasemap(signal: AbortSignal): Promise<BasemapCollection> {
  const collection = (await Resource.fetchJson({ url: BASEMAP_PATH })) as BasemapCollection;
  signal.throwIfAborted();
  return collection;
}
