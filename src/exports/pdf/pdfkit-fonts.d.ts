/**
 * pdfkit 0.20 accepts a parsed font object (anything with fontkit's members
 * and a `layout` method) where its typings still list only file sources.
 * This adds that form, so the HarfBuzz-shaped font needs no cast.
 */
declare namespace PDFKit.Mixins {
  interface PDFFont {
    font(src: import("./shaped-font.ts").PdfkitFont, size?: number): this;
    registerFont(name: string, src: import("./shaped-font.ts").PdfkitFont): this;
  }
}
