/**
 * The fake's Socket Mode link (fake-web-api.ts): a WebSocket server on the
 * fake's own port, written here because no WebSocket server package is
 * installed (@slack/socket-mode 3 connects with undici's client).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

/** One Socket Mode link, seen from the server's side. */
export interface WebSocketPeer {
  send(text: string): void;
  close(): void;
  onClose(listener: () => void): void;
}

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const TEXT = 0x1;
const CLOSE = 0x8;
const PING = 0x9;

/**
 * The server half of RFC 6455, as much as Socket Mode uses: text frames each
 * way, pongs for the client's pings (it drops a link that stops answering),
 * and the close handshake. Written here because no WebSocket server package
 * is installed (@slack/socket-mode 3 connects with undici's client).
 */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex, onText: (text: string) => void): WebSocketPeer | null {
  const key = request.headers["sec-websocket-key"];
  if (request.url !== "/link" || typeof key !== "string") {
    socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
    return null;
  }
  const accept = createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let pending = Buffer.alloc(0);
  let message: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (let frame = readFrame(pending); frame; frame = readFrame(pending)) {
      pending = pending.subarray(frame.size);
      if (frame.opcode === PING) socket.write(writeFrame(0xa, frame.payload));
      else if (frame.opcode === CLOSE) socket.end(writeFrame(CLOSE, frame.payload.subarray(0, 2)));
      else if (frame.opcode === TEXT || frame.opcode === 0x0) {
        message.push(frame.payload);
        if (frame.fin) {
          onText(Buffer.concat(message).toString("utf8"));
          message = [];
        }
      }
    }
  });
  socket.on("error", () => socket.destroy());
  return {
    send: (text) => void (socket.writable && socket.write(writeFrame(TEXT, Buffer.from(text, "utf8")))),
    close: () => void (socket.writable ? socket.end(writeFrame(CLOSE, Buffer.from([0x03, 0xe8]))) : socket.destroy()),
    onClose: (listener) => void socket.on("close", listener),
  };
}

/** One whole frame from the front of `data` (clients always mask theirs), or null until enough has arrived. */
function readFrame(data: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | null {
  if (data.length < 2) return null;
  const first = data.readUInt8(0);
  const second = data.readUInt8(1);
  let length = second & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return null;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return null;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const mask = masked ? data.subarray(offset, offset + 4) : null;
  offset += masked ? 4 : 0;
  if (data.length < offset + length) return null;
  const payload = Buffer.from(data.subarray(offset, offset + length));
  if (mask) for (let i = 0; i < payload.length; i++) payload.writeUInt8(payload.readUInt8(i) ^ mask.readUInt8(i % 4), i);
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, size: offset + length };
}

/** A final, unmasked frame, as a server sends them. */
function writeFrame(opcode: number, payload: Buffer): Buffer {
  const head = payload.length < 126 ? Buffer.from([0x80 | opcode, payload.length]) : payload.length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (payload.length >= 126) {
    head.writeUInt8(0x80 | opcode, 0);
    if (payload.length < 65_536) {
      head.writeUInt8(126, 1);
      head.writeUInt16BE(payload.length, 2);
    } else {
      head.writeUInt8(127, 1);
      head.writeBigUInt64BE(BigInt(payload.length), 2);
    }
  }
  return Buffer.concat([head, payload]);
}
