/**
 * Burmese typed in the legacy Zawgyi encoding, which many phones in Myanmar
 * still use, is stored as Unicode, so everyone reads it whatever their font.
 * Detection and conversion are Google's myanmar-tools.
 */
import myanmarTools from "myanmar-tools";

/** Above this probability the text is taken to be Zawgyi; Google's guidance uses 0.95 for high confidence. */
const THRESHOLD = 0.95;
const MYANMAR = /[\u1000-\u109f]/;

const detector = new myanmarTools.ZawgyiDetector();
const converter = new myanmarTools.ZawgyiConverter();

export function toUnicode(text: string): string {
  if (!MYANMAR.test(text)) return text;
  return detector.getZawgyiProbability(text) > THRESHOLD ? converter.zawgyiToUnicode(text) : text;
}
