/**
 * What the operator is told while WhatsApp starts, links and runs: lines
 * for the terminal (or the service's journal) where Baraza runs, in
 * English like Telegram's and Slack's start-up lines. Each trouble says
 * what to do about it.
 *
 * None of them holds a phone number, a chat id or a message: the operator's
 * output ends up in journals and support requests. The pairing number is
 * named by its variable only.
 */
import qrcode from "qrcode-terminal";

/** Added to every line about a start that could not happen: the other platforms run on. */
const RUNS_ON = "Baraza runs on without WhatsApp.";

/** Where on the phone a device is linked. */
const LINKED_DEVICES = "WhatsApp → Settings (⋮ or ⚙) → Linked devices → Link a device";

export const link = {
  noChromium: (path: string, why: string) =>
    `WhatsApp cannot start: no Chromium to run at ${path} (${why}). Install it with \`apt-get install -y chromium\` (Debian, Ubuntu), or set CHROMIUM_PATH to the Chromium or Chrome program. ${RUNS_ON}`,

  sessionDirUnusable: (dir: string, why: string) =>
    `WhatsApp cannot start: its session folder ${dir} (WHATSAPP_SESSION_DIR) ${why}. Give the folder to the account Baraza runs as (\`mkdir -p ${dir} && chown "$(id -un)" ${dir} && chmod 700 ${dir}\`), or set WHATSAPP_SESSION_DIR to a folder it owns. ${RUNS_ON}`,

  heldElsewhere: (holder: string | undefined) =>
    `WhatsApp is linked in another process${holder ? ` (${holder})` : ""}; running without WhatsApp. Only one process may use the linked number at a time: stop that one to run WhatsApp here.`,

  claimFailed: (why: string) => `WhatsApp cannot start: it could not check that no other process uses the linked number (${why}). ${RUNS_ON}`,

  chromiumFailed: (path: string, why: string) =>
    `WhatsApp cannot start: Chromium at ${path} did not open WhatsApp Web (${why}). Check that \`${path} --version\` runs for the account Baraza runs as, and that this machine reaches web.whatsapp.com. ${RUNS_ON}`,

  starting: (dir: string) => `Starting WhatsApp (session in ${dir}); Chromium opens WhatsApp Web…`,

  /** The QR code to scan, drawn with half-height blocks so that it fits a terminal. */
  qr: (code: string) =>
    `${drawn(code)}\nTo link WhatsApp: on the phone whose number Baraza should use, open ${LINKED_DEVICES}, and scan this code. It changes every 20 seconds or so; scan the newest one.`,

  pairingCode: (code: string) =>
    `WhatsApp pairing code: ${spaced(code)}\nTo link WhatsApp: on the phone with the number in WHATSAPP_PAIRING_NUMBER, open ${LINKED_DEVICES} → Link with phone number instead, and type this code. A new one follows every 3 minutes until the phone is linked.`,

  pairingFailed: (why: string) =>
    `WhatsApp did not give a pairing code (${why}). Check WHATSAPP_PAIRING_NUMBER (the linked phone's number, country code first), or unset it to link by QR code instead.`,

  stillOpening: (waitedMs: number) =>
    `WhatsApp Web is still opening after ${seconds(waitedMs)}; the other platforms run on meanwhile, and WhatsApp joins them once it is open (or is tried again, said here).`,

  authenticated: () => "WhatsApp is linked; loading its chats…",

  ready: () => "WhatsApp is ready: messages to the linked number and in its groups now reach Baraza.",

  authFailure: (dir: string) =>
    `WhatsApp did not accept the saved session. To link again: stop Baraza, delete the folder ${dir} (WHATSAPP_SESSION_DIR), start Baraza and link the phone anew. ${RUNS_ON}`,

  loggedOut: (dir: string) =>
    `WhatsApp was unlinked from the phone (Linked devices → Log out), and the session in ${dir} is removed. To link again, scan the code that follows (or restart Baraza if none comes).`,

  blocked: (reason: string) =>
    `WhatsApp has blocked the linked number (${reason}). Baraza will not try again: a blocked number stays blocked. Link a dedicated number (see the README on the ban risk). ${RUNS_ON}`,

  unlinked: (reason: string, pauseMs: number) =>
    `WhatsApp is no longer linked to the phone (${reason}); opening WhatsApp Web again in ${seconds(pauseMs)} to show a new code to link it.`,

  disconnected: (reason: string, pauseMs: number) => `WhatsApp disconnected (${reason}); connecting again in ${seconds(pauseMs)}.`,

  reconnectFailed: (why: string, pauseMs: number) => `WhatsApp could not connect again (${why}); trying again in ${seconds(pauseMs)}. Stop with Ctrl+C.`,

  lockLost: (why: string) =>
    `WhatsApp stopped: the database connection that kept other processes off the linked number broke (${why}). Restart Baraza to run WhatsApp again. The other platforms run on.`,

  paused: () =>
    "WhatsApp sending is paused (WHATSAPP_PAUSED, or a file named `paused` in the session folder): messages wait in the queue and go out, at the usual pace, once the pause is lifted.",
};

/** The QR code, as text the terminal shows. */
function drawn(code: string): string {
  let text = "";
  // qrcode-terminal calls back at once.
  qrcode.generate(code, { small: true }, (output) => {
    text = output;
  });
  return text.trimEnd();
}

/** `ABCDEFGH` as `ABCD-EFGH`, as the phone shows its boxes. */
function spaced(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
