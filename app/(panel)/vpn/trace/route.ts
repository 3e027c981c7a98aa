// POST /vpn/trace {protocol, seconds?, from?}: runs a trace (lib/trace) and streams each packet's path in the
// reader's language as it finishes (NDJSON, events.ts). The same checks as a server action: same origin, a
// session. The trace stops when its time is up or when the client goes (the dialog closed, Stop pressed).
import * as z from "zod";
import { packetView, parseTraceRequest, runTrace, traceVerdict } from "@/lib/trace";
import { guardRequest, serviceError } from "../../../_server/guard";
import { actorFor } from "../../../_server/request";
import type { TraceStreamEvent } from "./events";

const bodySchema = z.object({ protocol: z.string(), seconds: z.number().optional(), from: z.string().optional() }).strict();

export async function POST(request: Request): Promise<Response> {
  const guard = await guardRequest({ auth: true });
  if (!guard.ok) return Response.json({ error: guard.error }, { status: guard.status });
  const { session, t } = guard;
  const body = bodySchema.safeParse(await request.json().catch(() => undefined));
  if (!body.success) return Response.json({ error: t("error.invalid") }, { status: 400 });
  try {
    parseTraceRequest(body.data);
  } catch (error) {
    const failed = serviceError(error, t);
    if (!failed) throw error;
    return Response.json(failed, { status: 400 });
  }
  const actor = await actorFor(session);
  const stop = new AbortController();
  request.signal.addEventListener("abort", () => stop.abort());
  const encoder = new TextEncoder();
  let open = true;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: TraceStreamEvent) => {
        if (open) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      };
      runTrace(body.data, {
        actor,
        signal: stop.signal,
        onStart: (start) => send({ type: "start", seconds: start.seconds, leftover: start.removedLeftover !== undefined }),
        onPacket: (packet) => send({ type: "packet", packet: packetView(packet, t) }),
      })
        .then((result) => {
          const verdict = traceVerdict(result);
          send({ type: "end", count: result.packetCount, verdict: t(verdict.key, verdict.params) });
        })
        .catch((error: unknown) => send({ type: "error", error: serviceError(error, t)?.error ?? String(error) }))
        .finally(() => {
          if (open) controller.close();
          open = false;
        });
    },
    // The reader went away: stop tracing (the table is removed) and send nothing more.
    cancel() {
      open = false;
      stop.abort();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store" } });
}
