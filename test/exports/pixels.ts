/**
 * Compares two renderings of a page, forgiving what differs from one
 * machine to the next (the grey of an anti-aliased edge, an edge moved by a
 * pixel) but not a glyph that is missing, different or elsewhere.
 */
import { createCanvas, loadImage } from "@napi-rs/canvas";

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, row by row. */
  pixels: Uint8ClampedArray;
}

export async function decodePng(png: Uint8Array): Promise<Pixels> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, pixels: context.getImageData(0, 0, image.width, image.height).data };
}

/** Grey level, 0 (black) to 255 (white). */
function grey(image: Pixels, x: number, y: number): number {
  const at = (y * image.width + x) * 4;
  return ((image.pixels[at] ?? 0) * 299 + (image.pixels[at + 1] ?? 0) * 587 + (image.pixels[at + 2] ?? 0) * 114) / 1000;
}

/** Grey levels closer than this are the same ink. */
const TOLERANCE = 64;

/** Whether a pixel of `image` near (x, y), within one pixel, has nearly the grey `level`. */
function nearby(image: Pixels, x: number, y: number, level: number): boolean {
  for (let dy = -1; dy <= 1; dy += 1) {
    for (let dx = -1; dx <= 1; dx += 1) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < image.width && ny < image.height && Math.abs(grey(image, nx, ny) - level) < TOLERANCE) return true;
    }
  }
  return false;
}

/**
 * How many pixels differ between the two images: a pixel counts when
 * neither image has its grey within one pixel of where the other has it.
 * Images of different sizes differ everywhere.
 */
export function differingPixels(actual: Pixels, expected: Pixels): number {
  if (actual.width !== expected.width || actual.height !== expected.height) return Math.max(actual.width * actual.height, expected.width * expected.height);
  let count = 0;
  for (let y = 0; y < actual.height; y += 1) {
    for (let x = 0; x < actual.width; x += 1) {
      const a = grey(actual, x, y);
      const e = grey(expected, x, y);
      if (Math.abs(a - e) < TOLERANCE) continue;
      if (!nearby(expected, x, y, a) || !nearby(actual, x, y, e)) count += 1;
    }
  }
  return count;
}
