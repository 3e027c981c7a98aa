// The client side of POST /vpn/trace: starts a trace and hands over each event of its NDJSON stream.
import type { TraceStreamEvent } from "./events";

/** Reads the NDJSON stream line by line until it ends or `signal` aborts it. */
export async function followTrace(protocol: string, seconds: number, signal: AbortSignal, handle: (event: TraceStreamEvent) => void): Promise<void> {
  const response = await fetch("/vpn/trace", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ protocol, seconds }),
    signal,
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? response.statusText);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const lines = (pending + value).split("\n");
    pending = lines.pop()!;
    for (const line of lines) if (line) handle(JSON.parse(line) as TraceStreamEvent);
  }
}
