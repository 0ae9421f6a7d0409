// whatsapp-web.js brings puppeteer, whose install would download a browser;
// Baraza uses Debian's Chromium (CHROMIUM_PATH) instead.
module.exports = { skipDownload: true };
