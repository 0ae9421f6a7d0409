/**
 * Vega re-exports vega-scenegraph's text measurement (`textMetrics`, and
 * `font`, which writes an item's CSS font) but its typings leave them out.
 * The charts replace the width measure, so they are declared here.
 */
import "vega";

declare module "vega" {
  /** The font fields of a text item in Vega's scenegraph. */
  interface TextItem {
    font?: string;
    fontSize?: number;
    fontStyle?: string;
    fontVariant?: string;
    fontWeight?: string | number;
  }

  export const textMetrics: {
    /** The width in pixels of one line of text in the item's font; replaceable, as Vega itself does when it finds a canvas. */
    width: (item: TextItem, text: unknown) => number;
  };

  /** The item's font as a CSS font string; `quote` puts the family names in quotes. */
  export function font(item: TextItem, quote?: boolean): string;
}
