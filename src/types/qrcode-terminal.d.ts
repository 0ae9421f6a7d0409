/**
 * The part of qrcode-terminal 0.12 that Baraza uses (the QR code to link a
 * WhatsApp phone, printed where the operator runs Baraza); the package ships
 * no types. It is CommonJS, imported as a default export.
 */
declare module "qrcode-terminal" {
  interface QrcodeTerminal {
    /** Draws `text` as a QR code and hands the drawing to `done` (at once); `small` uses half-height blocks. */
    generate(text: string, options: { small?: boolean }, done: (drawing: string) => void): void;
  }
  const qrcode: QrcodeTerminal;
  export default qrcode;
}
