/**
 * The incident heat draped on the ground: one rectangle over the heat grid's
 * extent, just above the base map's streets and below the grid boundary, textured with the heat
 * grid drawn into a canvas (one texel per cell, blended linearly). Buildings stand on the ground
 * and hide it: it is a surface in the scene, not a canvas over it (DESIGN.md §2).
 *
 * An update redraws the canvas and hands it to the material; two canvases take turns because the
 * material uploads an image only when the uniform changes. Mounted once, destroyed once.
 */
import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  EllipsoidSurfaceAppearance,
  GeometryInstance,
  Material,
  PolylineColorAppearance,
  PolylineGeometry,
  Primitive,
  PrimitiveCollection,
  Rectangle,
  RectangleGeometry,
  type Scene,
} from 'cesium';
import { heatColourAt, type Rgba } from '../../theme/heatColourRamp';

/** Above the streets (0.9 m), below the selected grid's fill (1.2 m). */
const HEAT_HEIGHT_M = 1.05;
const CELL_OUTLINE_HEIGHT_M = 1.6;
const CELL_OUTLINE_WIDTH_PX = 3;
const RGBA_CHANNELS = 4;
/** The ramp's own alphas carry the shape; this keeps even the hottest cell see-through to the streets. */
const HEAT_OPACITY = 0.9;
/** The 2D view's selected hex cell, outlined on the ground in the selection colour. */
const HEAT_CELL_OUTLINE_CSS = '#ffc933';

/** The heat grid's extent in degrees. */
export interface HeatExtent {
  west: number;
  south: number;
  east: number;
  north: number;
}

export interface HeatmapLayer {
  /**
   * Draws cell values (row-major from the south-west cell, as the domain's heat grid keeps them)
   * with `scaleMax` at the top of the colour ramp.
   */
  draw(values: ArrayLike<number>, columns: number, rows: number, scaleMax: number): void;
  setVisible(visible: boolean): void;
  /** Outlines one hex cell of the 2D view on the ground (closed ring of [lon, lat]); null hides it. */
  setCellFootprint(ring: readonly (readonly [number, number])[] | null): void;
  destroy(): void;
}

function createCanvas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  return canvas;
}

export function createHeatmapLayer(scene: Scene, extent: HeatExtent): HeatmapLayer {
  const canvases: [HTMLCanvasElement, HTMLCanvasElement] = [createCanvas(), createCanvas()];
  let front: 0 | 1 = 0;
  const material = Material.fromType(Material.ImageType, {
    image: canvases[front],
    color: new Color(1, 1, 1, HEAT_OPACITY),
  });
  const surface = scene.primitives.add(
    new Primitive({
      geometryInstances: new GeometryInstance({
        geometry: new RectangleGeometry({
          rectangle: Rectangle.fromDegrees(extent.west, extent.south, extent.east, extent.north),
          height: HEAT_HEIGHT_M,
          vertexFormat: EllipsoidSurfaceAppearance.VERTEX_FORMAT,
        }),
      }),
      appearance: new EllipsoidSurfaceAppearance({ material, flat: true, aboveGround: true }),
      asynchronous: false,
    }),
  ) as Primitive;
  const outlines = scene.primitives.add(new PrimitiveCollection()) as PrimitiveCollection;
  const outlineColour = ColorGeometryInstanceAttribute.fromColor(
    Color.fromCssColorString(HEAT_CELL_OUTLINE_CSS),
  );
  const colour: Rgba = [0, 0, 0, 0];

  return {
    draw(values, columns, rows, scaleMax) {
      const back = front === 0 ? 1 : 0;
      const canvas = canvases[back];
      if (canvas.width !== columns || canvas.height !== rows) {
        canvas.width = columns;
        canvas.height = rows;
      }
      const context = canvas.getContext('2d');
      if (context === null) return;
      const image = context.createImageData(columns, rows);
      const pixels = image.data;
      const scale = scaleMax > 0 ? 1 / scaleMax : 0;
      for (let row = 0; row < rows; row += 1) {
        // Canvas rows run north to south; the grid's run south to north.
        const pixelRowOffset = (rows - 1 - row) * columns;
        for (let column = 0; column < columns; column += 1) {
          heatColourAt((values[row * columns + column] ?? 0) * scale, colour);
          const pixel = (pixelRowOffset + column) * RGBA_CHANNELS;
          pixels[pixel] = colour[0];
          pixels[pixel + 1] = colour[1];
          pixels[pixel + 2] = colour[2];
          pixels[pixel + 3] = colour[3];
        }
      }
      context.putImageData(image, 0, 0);
      material.uniforms.image = canvas;
      front = back;
      scene.requestRender();
    },
    setVisible(visible) {
      if (surface.show === visible) return;
      surface.show = visible;
      scene.requestRender();
    },
    setCellFootprint(ring) {
      outlines.removeAll();
      if (ring !== null && ring.length > 1) {
        outlines.add(
          new Primitive({
            geometryInstances: new GeometryInstance({
              geometry: new PolylineGeometry({
                positions: Cartesian3.fromDegreesArrayHeights(
                  ring.flatMap(([lon, lat]) => [lon, lat, CELL_OUTLINE_HEIGHT_M]),
                ),
                width: CELL_OUTLINE_WIDTH_PX,
                vertexFormat: PolylineColorAppearance.VERTEX_FORMAT,
              }),
              attributes: { color: outlineColour },
            }),
            appearance: new PolylineColorAppearance({ translucent: false }),
            asynchronous: false,
          }),
        );
      }
      scene.requestRender();
    },
    destroy() {
      // The viewer may have gone first (Resium destroys it when its component unmounts).
      if (scene.isDestroyed()) return;
      scene.primitives.remove(outlines);
      scene.primitives.remove(surface);
    },
  };
}
