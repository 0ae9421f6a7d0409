/**
 * Draws a page of a PDF as a PNG, with pdf.js and the Skia canvas the
 * charts use, so a test can compare a brief's page with a fixture and a
 * person can look at it.
 */
import { createCanvas } from "@napi-rs/canvas";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PageImage {
  width: number;
  height: number;
  /** RGBA, row by row. */
  pixels: Uint8ClampedArray;
  png: Uint8Array;
}

/** Page `number` (from 1) at `scale` pixels per point. */
export async function pageImage(pdf: Uint8Array, number = 1, scale = 1): Promise<PageImage> {
  const document = await getDocument({ data: pdf.slice(), isEvalSupported: false, useSystemFonts: false, disableFontFace: true }).promise;
  try {
    const page = await document.getPage(number);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext("2d");
    context.fillStyle = "white";
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdf.js's typings name the browser's canvas; under Node pdf.js draws on this same Skia canvas (its own NodeCanvasFactory makes one), which has every member it calls but not every member of the DOM type.
    const task: { promise: Promise<void> } = Reflect.apply(page.render, page, [{ canvas: null, canvasContext: context, viewport }]);
    await task.promise;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    return { width: canvas.width, height: canvas.height, pixels, png: new Uint8Array(await canvas.encode("png")) };
  } finally {
    await document.destroy();
  }
}
