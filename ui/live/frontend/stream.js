// The browser's side of the frame stream (ui/live/stream.py): one WebSocket, a hello with the
// session's token, then requests answered one frame each, in order. A dropped connection is
// retried with a growing pause; `onStatus` reports "connecting", "open" and "closed".
import { decodeFrame } from "./protocol.js";

const RETRY_MS = [250, 500, 1000, 2000, 4000];
const NO_RETRY = new Set([4401, 4403, 4410]);  // bad token, bad origin, session ended

export class StreamClient {
  constructor(path, token, onStatus) {
    this.url = new URL(path, window.location.href);
    this.url.protocol = this.url.protocol === "https:" ? "wss:" : "ws:";
    this.token = token;
    this.onStatus = onStatus;
    this.waiting = [];        // resolvers of sent requests, oldest first
    this.closed = false;
    this.attempt = 0;
    this.open();
  }

  get ready() { return this.socket?.readyState === WebSocket.OPEN && this.greeted; }

  open() {
    this.greeted = false;
    this.onStatus("connecting");
    const socket = new WebSocket(this.url);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      socket.send(JSON.stringify({ op: "hello", token: this.token }));
      this.greeted = true;
      this.attempt = 0;
      this.onStatus("open");
    };
    socket.onmessage = (event) => {
      const resolve = this.waiting.shift();
      if (!resolve) return;
      try {
        resolve.ok(decodeFrame(event.data));
      } catch (error) {
        resolve.fail(error);
      }
    };
    socket.onclose = (event) => {
      for (const pending of this.waiting.splice(0)) pending.fail(new Error("stream closed"));
      if (this.closed) return;
      this.onStatus("closed", event.code);
      if (NO_RETRY.has(event.code)) return;
      const delay = RETRY_MS[Math.min(this.attempt, RETRY_MS.length - 1)];
      this.attempt += 1;
      this.retry = setTimeout(() => this.open(), delay);
    };
  }

  // Send one request; resolves with its frame {header, arrays}.
  request(message) {
    if (!this.ready) return Promise.reject(new Error("stream not ready"));
    return new Promise((ok, fail) => {
      this.waiting.push({ ok, fail });
      this.socket.send(JSON.stringify(message));
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.retry);
    this.socket?.close(1000);
  }
}
