// For the pure tests: the captured rulesets in fixtures/, and a readable account of what Lintas makes of one.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Capabilities } from "../capabilities";
import { everything } from "../capabilities.fixture";
import { passthroughSchema, type LintasConfig, type Network, type Passthrough } from "../config";
import { nftObjects } from "../nft";
import { render } from "../render";
import { PROTOCOLS, switchValues } from "../protocols";
import type { Stop, UnknownReason } from "./evaluate";
import { judgeProtocols } from "./judge";
import type { HostRuleset, IpFamily } from "./model";
import { desiredOpenings, openingChanges, openingText, presentOpenings } from "./openings";
import { hostFirewalls } from "./owners";
import { foreignRuleset, hostRuleset } from "./snapshot";
import { judgeTraffic, type TrafficCause, type TrafficInput } from "./traffic";

/** A kernel that can do everything Lintas asks for. */
export const CAPABLE: Capabilities = everything;

/** What the host plan and check take for a config: its effects on such a kernel, and the families it forwards. */
export const hostInput = (config: LintasConfig, families: readonly ("ipv4" | "ipv6")[] = ["ipv4", "ipv6"]) => ({
  config,
  effects: render(config, CAPABLE).effects,
  families,
});

export const NETWORK: Network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true, hostFirewall: "open" };

export const everyProtocolOn: Passthrough = passthroughSchema.parse(
  Object.fromEntries(PROTOCOLS.map((spec) => [spec.id, { enabled: true, ...Object.fromEntries(Object.keys(spec.options).map((o) => [o, true])) }])),
);

type NftObjects = Record<string, Record<string, unknown>>[];

/** A captured ruleset, with `extra` nft objects (rules Lintas would have added, say) listed after its own. */
export function loadFixture(name: string, extra: NftObjects = []): HostRuleset {
  return foreignRuleset(readFixture(name, extra));
}

/** Every table of a captured ruleset (none for `undefined`), Lintas's own `extra` objects included. */
export function readFixture(name: string | undefined, extra: NftObjects = []): HostRuleset {
  const dir = name && path.join(import.meta.dirname, "fixtures", name);
  const text = (file: string) => (dir && existsSync(path.join(dir, file)) ? readFileSync(path.join(dir, file), "utf8") : undefined);
  const nft = JSON.parse(text("ruleset.json") ?? '{"nftables":[]}') as { nftables: NftObjects };
  return hostRuleset({
    nft: { nftables: [...nft.nftables, ...extra] },
    iptablesSave: { ipv4: text("iptables-save"), ipv6: text("ip6tables-save") },
  });
}

/** Lintas's table for a config as `nft -j list` shows it once applied. */
export const lintasObjects = (config: LintasConfig): NftObjects => nftObjects(render(config, CAPABLE).ruleset) as NftObjects;

const stopText = (at: Stop) => `${at.table.family} ${at.table.name} chain ${at.chain} (${at.rule === undefined ? "policy drop" : `rule "${at.rule}"`})`;
const reasonText = (reason: UnknownReason) => JSON.stringify(reason);

export function describeHost(ruleset: HostRuleset, network: Network, passthrough: Passthrough): string {
  const lines = ["forward chains:"];
  for (const fw of hostFirewalls(ruleset)) lines.push(`  ${fw.table.family} ${fw.table.name} ${fw.chain} priority ${fw.priority} policy ${fw.policy}: ${fw.owner}`);
  lines.push("verdicts (IPv4 and IPv6):");
  const verdicts = judgeProtocols(ruleset, { network, passthrough, families: ["ipv4", "ipv6"] });
  for (const [id, v] of Object.entries(verdicts)) {
    const what = v.verdict === "passes" ? "passes" : v.verdict === "blocked" ? `blocked by ${stopText(v.at)}` : `unknown: ${reasonText(v.reason)}`;
    const packet = v.verdict === "passes" ? "" : ` [${v.packet.label} ${v.packet.direction} ${v.packet.family}]`;
    lines.push(`  ${id}: ${what}${packet}`);
  }
  const active = PROTOCOLS.filter((spec) => passthrough[spec.id].enabled).map((spec) => ({ protocol: spec.id, settings: switchValues(passthrough, spec.id) }));
  const present = presentOpenings(ruleset);
  const desired = desiredOpenings(ruleset, { network, active, families: ["ipv4", "ipv6"] });
  lines.push("present:", ...present.openings.map((o) => `  ${openingText(o)}`));
  const changes = openingChanges(desired, present.openings);
  lines.push("to add:", ...changes.add.map((o) => `  ${openingText(o)}`));
  lines.push("to remove:", ...changes.remove.map((o) => `  ${openingText(o)}`));
  return lines.join("\n") + "\n";
}

/** What the read-back found missing that NAT needs: the source NAT, the helpers (nothing, unless said). */
export type NatMissing = Partial<Pick<TrafficInput, "helperMissing" | "natMissing">>;
export const noneMissing = { helperMissing: [], natMissing: false };

function causeText(cause: TrafficCause): string {
  switch (cause.kind) {
    case "dropped":
    case "no-helper":
    case "no-nat":
    case "unknown": {
      const { label, direction, family, lan } = cause.packet;
      const packet = `${label} ${direction} ${family} ${lan}`;
      if (cause.kind === "dropped") return `${packet} dropped by ${stopText(cause.at)}`;
      if (cause.kind === "no-helper") return `${packet} not mapped back: no ${cause.helper} helper`;
      return cause.kind === "no-nat" ? `${packet} not mapped back: no source NAT` : `${packet} unknown: ${reasonText(cause.reason)}`;
    }
    case "not-read":
      return `not read: ${cause.reason}`;
    case "dry-run":
      return "dry-run";
  }
}

/** Per protocol, what its traffic meets in a whole ruleset: the verdict, every flow, and the cause. */
export function describeTraffic(whole: HostRuleset, config: LintasConfig, missing: NatMissing = {}, families: IpFamily[] = ["ipv4", "ipv6"]): string {
  const verdicts = judgeTraffic(whole, { ...config, families, ...noneMissing, ...missing });
  return PROTOCOLS.map((spec) => {
    const v = verdicts[spec.id];
    const flows = Object.entries(v.flows).map(([id, word]) => `${id}=${word}`).join(" ");
    return `${spec.id}: ${v.verdict} (${flows})${v.cause ? `\n  ${causeText(v.cause)}` : ""}`;
  }).join("\n") + "\n";
}
