// Server actions called directly, as an attacker does: the action's id read from the build
// (.next/server/server-reference-manifest.json), POSTed to a page that has the action with the `Next-Action`
// header, the arguments encoded by the very encoder Next's client uses (React's `encodeReply`: a JSON string
// for plain values, multipart FormData when a FormData is among them) and the reply decoded as the client does.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { send, sendAtOnce, type Reply, type Send } from "./http";

const root = path.join(import.meta.dirname, "..", "..");

type Flight = {
  encodeReply(args: unknown[]): Promise<string | FormData>;
  createFromNodeStream(stream: Readable, manifest: object): Promise<unknown>;
};
// The production build, whatever NODE_ENV the test runs under: it reads the production server's error rows.
const flight = createRequire(import.meta.url)("next/dist/compiled/react-server-dom-webpack/cjs/react-server-dom-webpack-client.node.production.js") as Flight;

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };
let manifest: Manifest | undefined;

/** The id of the action `exportedName` exported by `file` (relative to the checkout) in the current build. */
export function actionId(file: string, exportedName: string): string {
  manifest ??= JSON.parse(readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8")) as Manifest;
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === file && entry.exportedName === exportedName);
  if (!found) throw new Error(`the build has no server action ${exportedName} in ${file}: was it renamed?`);
  return found[0];
}

export type ActionCall = {
  /** The page the action is posted to (one whose module has it). */
  page: string;
  file: string;
  action: string;
  args: unknown[];
  cookie?: string;
  /** Default: the server's own origin, as a browser on the panel sends it; `null` sends no Origin header. */
  origin?: string | null;
  from?: string;
  headers?: Record<string, string>;
};

export type ActionReply = Reply & {
  /** What the action returned (decoded); undefined when it redirected or was refused before running. */
  value: unknown;
  /** Where the action redirected to, if it did. */
  redirect?: string;
};

export async function callAction(baseUrl: string, call: ActionCall): Promise<ActionReply> {
  return decoded(await send(new URL(call.page, baseUrl).href, await actionRequest(baseUrl, call)));
}

/** Several calls of one page's actions released in the same instant (see sendAtOnce). */
export async function callActionsAtOnce(baseUrl: string, page: string, calls: Omit<ActionCall, "page">[]): Promise<ActionReply[]> {
  const requests = await Promise.all(calls.map((call) => actionRequest(baseUrl, { ...call, page })));
  return Promise.all((await sendAtOnce(new URL(page, baseUrl).href, requests)).map(decoded));
}

async function actionRequest(baseUrl: string, call: ActionCall): Promise<Send> {
  const encoded = await flight.encodeReply(call.args);
  // A Request serialises FormData exactly as a browser's fetch does (multipart, with its boundary).
  const body = new Request("http://encode.invalid", { method: "POST", body: encoded });
  return {
    method: "POST",
    from: call.from,
    body: Buffer.from(await body.arrayBuffer()),
    headers: {
      accept: "text/x-component",
      "content-type": body.headers.get("content-type")!,
      "next-action": actionId(call.file, call.action),
      origin: call.origin === undefined ? baseUrl : (call.origin ?? undefined),
      cookie: call.cookie,
      ...call.headers,
    },
  };
}

async function decoded(reply: Reply): Promise<ActionReply> {
  const redirect = reply.headers["x-action-redirect"];
  return { ...reply, value: await decode(reply), redirect: typeof redirect === "string" ? redirect.split(";")[0] : undefined };
}

// The reply's row 0 is Next's envelope: `a` is the action's return value, `f` the page re-rendered when the action
// set a cookie. That page names client components, which a test never renders: their modules load as nothing.
Object.assign(globalThis, { __webpack_chunk_load__: async () => {}, __next_require__: () => ({}) });

async function decode(reply: Reply): Promise<unknown> {
  if (!String(reply.headers["content-type"]).startsWith("text/x-component")) return undefined;
  const envelope = (await flight.createFromNodeStream(Readable.from([reply.body]), { moduleMap: null, serverModuleMap: null, moduleLoading: null })) as { a?: unknown };
  try {
    return await envelope.a;
  } catch (error) {
    return { thrown: error instanceof Error ? error.message : String(error) };
  }
}
