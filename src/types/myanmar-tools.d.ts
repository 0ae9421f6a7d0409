/**
 * The parts of Google's myanmar-tools that Baraza uses; the package ships no
 * types. It is CommonJS whose exports Node cannot name statically, so it is
 * imported as a default export.
 */
declare module "myanmar-tools" {
  interface ZawgyiDetector {
    /** The probability, from 0 to 1, that the text is in the Zawgyi encoding rather than Unicode. */
    getZawgyiProbability(text: string): number;
  }
  interface ZawgyiConverter {
    zawgyiToUnicode(text: string): string;
  }
  const tools: { ZawgyiDetector: new () => ZawgyiDetector; ZawgyiConverter: new () => ZawgyiConverter };
  export default tools;
}
