/**
 * How much a screenshot shows: decoded in a blank browser page (the browser already has a PNG
 * decoder), so the tests need no image library. "Blank" means nearly one colour everywhere.
 */
import type { Browser } from 'playwright-core';

export interface ScreenshotStats {
  pixelCount: number;
  /** Standard deviation of luminance, 0..255. */
  luminanceStdDev: number;
  /** Share of pixels clearly brighter than the dark background (buildings, streets, text). */
  brightShare: number;
  /** Share of pixels in the light, low-saturation range of the buildings' facades. */
  facadeShare: number;
}

/** Luminance above which a pixel is not part of the dark command-hall background. */
const BRIGHT_LUMINANCE = 60;

/** A region of the image in its own pixels. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export async function screenshotStats(
  browser: Browser,
  png: Buffer,
  region: PixelRect,
): Promise<ScreenshotStats> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ({ base64, brightLuminance, region }) => {
        const blob = await (await fetch(`data:image/png;base64,${base64}`)).blob();
        const bitmap = await createImageBitmap(blob);
        const width = Math.max(1, Math.round(region.width));
        const height = Math.max(1, Math.round(region.height));
        const canvas = new OffscreenCanvas(width, height);
        const context = canvas.getContext('2d');
        if (!context) throw new Error('no 2d context');
        context.drawImage(bitmap, -Math.round(region.x), -Math.round(region.y));
        const { data } = context.getImageData(0, 0, width, height);
        const pixelCount = width * height;
        let sum = 0;
        let sumOfSquares = 0;
        let bright = 0;
        let facade = 0;
        for (let offset = 0; offset < data.length; offset += 4) {
          const red = data[offset] ?? 0;
          const green = data[offset + 1] ?? 0;
          const blue = data[offset + 2] ?? 0;
          const luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue;
          sum += luminance;
          sumOfSquares += luminance * luminance;
          if (luminance > brightLuminance) bright++;
          const spread = Math.max(red, green, blue) - Math.min(red, green, blue);
          if (luminance > 2 * brightLuminance && spread < brightLuminance) facade++;
        }
        const mean = sum / pixelCount;
        return {
          pixelCount,
          luminanceStdDev: Math.sqrt(Math.max(0, sumOfSquares / pixelCount - mean * mean)),
          brightShare: bright / pixelCount,
          facadeShare: facade / pixelCount,
        };
      },
      { base64: png.toString('base64'), brightLuminance: BRIGHT_LUMINANCE, region },
    );
  } finally {
    await page.close();
  }
}
