// Real `nft monitor trace` output captured in a lab router (netfilter/golden/trace/NAME.txt: LAN br-lan, WAN wan0),
// fed through the parser and the path assembler as if it arrived live.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseTraceLine } from "../../netfilter/trace-parse";
import { createPathAssembler, type TracedPacket } from "../../netfilter/trace-path";

export const capturedTraceFile = (name: string) => path.join(import.meta.dirname, "..", "..", "netfilter", "golden", "trace", `${name}.txt`);

export function capturedTrace(name: string): TracedPacket[] {
  const assembler = createPathAssembler({ lan: ["br-lan"], wan: "wan0" });
  const packets = readFileSync(capturedTraceFile(name), "utf8")
    .split("\n")
    .flatMap((line, i) => {
      const event = parseTraceLine(line);
      return event ? assembler.feed(event, i) : [];
    });
  return [...packets, ...assembler.flush()];
}
