// Parsing a real `conntrack -L` captured in the lab router (netfilter/golden/conntrack-list.txt).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { parseConntrackList, vpnFlows } from "./flows";

const captured = readFileSync(path.join(import.meta.dirname, "golden", "conntrack-list.txt"), "utf8");

it("parses every entry, both families, with both tuples", () => {
  const entries = parseConntrackList(captured);
  expect(entries.length).toBe(captured.trim().split("\n").length);
  const pptp = entries.find((e) => e.helper === "pptp")!;
  expect(pptp).toMatchObject({ l4proto: "tcp", l4protoNumber: 6, state: "TIME_WAIT", assured: true, original: { dport: 1723 } });
  expect(entries.some((e) => e.original.src.includes(":"))).toBe(true);
});

it("labels VPN flows from the catalogue and leaves the rest out", () => {
  const flows = vpnFlows(parseConntrackList(captured));
  const kinds = new Set(flows.map((f) => `${f.protocol}/${f.flow}`));
  expect([...kinds].sort()).toEqual(["ipsec/esp", "ipsec/ike", "ipsec/natT", "l2tp/l2tp", "pptp/control", "pptp/gre"]);
  // IGMP to 224.0.0.22 is not a VPN flow.
  expect(flows.some((f) => f.server === "224.0.0.22")).toBe(false);
  const gre = flows.filter((f) => f.flow === "gre");
  expect(gre.map((f) => f.client)).toEqual(["192.168.50.10", "192.168.50.11"]);
  expect(gre.every((f) => f.detail.startsWith("key 0x7 -> ") && f.replyTo === "203.0.113.1")).toBe(true);
  expect(flows.filter((f) => f.flow === "control").every((f) => f.helper === "pptp")).toBe(true);
});
