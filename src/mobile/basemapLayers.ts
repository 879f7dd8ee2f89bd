/**
 * The district base map's look on the phone's maps (route and report): background, blocks,
 * green, water and roads from one GeoJSON source of `kind`-tagged features. No fonts, no tiles.
 */
import type { FilterSpecification, LayerSpecification } from 'maplibre-gl';

/** The name of the GeoJSON source the layers draw. */
export const BASEMAP_SOURCE = 'base';

const kind = (value: string): FilterSpecification => ['==', ['get', 'kind'], value];

export function basemapLayers(): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': '#06121f' } },
    {
      id: 'blocks',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: kind('block'),
      paint: { 'fill-color': '#0d2136' },
    },
    {
      id: 'green',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: kind('green'),
      paint: { 'fill-color': '#0f3a2a' },
    },
    {
      id: 'water',
      type: 'fill',
      source: BASEMAP_SOURCE,
      filter: kind('water'),
      paint: { 'fill-color': '#0b3658' },
    },
    {
      id: 'roads',
      type: 'line',
      source: BASEMAP_SOURCE,
      filter: kind('road'),
      paint: {
        'line-color': '#49698a',
        'line-width': ['interpolate', ['linear'], ['zoom'], 13, 1, 18, 8],
      },
    },
  ];
}
