/** The parts of Google's myanmar-tools that Baraza uses; the package ships no types. */
declare module "myanmar-tools" {
  export class ZawgyiDetector {
    /** The probability, from 0 to 1, that the text is in the Zawgyi encoding rather than Unicode. */
    getZawgyiProbability(text: string): number;
  }
  export class ZawgyiConverter {
    zawgyiToUnicode(text: string): string;
  }
}
