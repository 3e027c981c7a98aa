// Raw HTTP(S) as an attacker sends it: any Host, Origin or X-Forwarded-* header, from any local source
// address (127.0.0.2, 127.0.0.3 ... are other "LAN clients"), TLS without trusting the certificate (the test
// checks its fingerprint itself), and many requests truly at once. fetch can do none of these.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as tcpConnect, type Socket } from "node:net";
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from "node:tls";

export type Reply = {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  /** The Set-Cookie lines, as sent. */
  cookies: string[];
  /** The server's certificate, over TLS. */
  certificate?: PeerCertificate;
};

export type Send = {
  method?: string;
  headers?: Record<string, string | undefined>;
  body?: Buffer | string;
  /** The source address: a different LAN client per address. */
  from?: string;
};

export function send(url: string, request: Send = {}): Promise<Reply> {
  return sendOn(url, request);
}

/**
 * Many requests released in the same instant: every connection is opened and every request written but the
 * last byte of its body; once the server has read all that, the last bytes go out together. The server then
 * has every request in hand and nothing left to parse when the first one is answered.
 */
export async function sendAtOnce(url: string, requests: Send[]): Promise<Reply[]> {
  const sockets = await Promise.all(requests.map((request) => connectTo(url, request.from)));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const replies = Promise.all(requests.map((request, i) => sendOn(url, request, sockets[i], released)));
  await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
  release();
  return replies;
}

/** Long enough for the server to read every held request (hundreds of them) up to its last byte. */
const HOLD_MS = 500;

function connectTo(url: string, from: string | undefined): Promise<Socket> {
  const target = new URL(url);
  const https = target.protocol === "https:";
  const port = Number(target.port || (https ? 443 : 80));
  return new Promise((resolve, reject) => {
    const tcp = tcpConnect({ host: target.hostname, port, localAddress: from });
    const socket = https ? tlsConnect({ socket: tcp, rejectUnauthorized: false }) : tcp;
    socket.once(https ? "secureConnect" : "connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

function sendOn(url: string, { method = "GET", headers = {}, body, from }: Send, connection?: Socket, lastByte?: Promise<void>): Promise<Reply> {
  const target = new URL(url);
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  const present = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)) as Record<string, string>;
  if (body !== undefined) present["content-length"] ??= String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method,
        headers: present,
        localAddress: from,
        // No pooling: each request its own connection, as separate attackers open them.
        agent: false,
        rejectUnauthorized: false,
        ...(connection ? { createConnection: () => connection } : {}),
      },
      (res) => {
        // Read now: the connection closes with the reply.
        const socket = res.socket as TLSSocket;
        const certificate = typeof socket.getPeerCertificate === "function" ? socket.getPeerCertificate() : undefined;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const replyBody = Buffer.concat(chunks);
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: replyBody,
            text: replyBody.toString("utf8"),
            cookies: res.headers["set-cookie"] ?? [],
            certificate,
          });
        });
      },
    );
    req.on("error", reject);
    if (!lastByte || body === undefined) return void req.end(body);
    const bytes = Buffer.from(body);
    req.write(bytes.subarray(0, -1));
    void lastByte.then(() => req.end(bytes.subarray(-1)));
  });
}

/** The value of cookie `name` in a reply's Set-Cookie lines, and the whole line (with its attributes). */
export function cookieSet(reply: Reply, name: string): { value: string; line: string } | undefined {
  const line = reply.cookies.find((c) => c.startsWith(`${name}=`));
  if (!line) return undefined;
  return { value: line.slice(name.length + 1).split(";")[0]!, line };
}
