/**
 * What every export produces: a file to send, with a name and a MIME type
 * that chat platforms and mail clients understand.
 */
export interface ExportFile<Mime extends string = string> {
  /** ASCII only: file names travel through Windows, zip tools and mail gateways that mangle other letters. */
  name: string;
  mime: Mime;
  data: Uint8Array;
}

/** `baraza-<what>-<date>.<extension>`, dated in the group's time zone so files from one day sort together. */
export function fileName(what: string, isoDate: string, extension: string): string {
  return `baraza-${what}-${isoDate}.${extension}`;
}
