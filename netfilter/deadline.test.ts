// A switch's deadline in the rules, purely: what is rendered, the warning where the kernel cannot keep it, and
// how the read-back judges rules that hold until a deadline, before it and after it.
import { describe, expect, it } from "vitest";
import { everything, noTimeMatch } from "./capabilities.fixture";
import { configSchema, type LintasConfig } from "./config";
import { nftablesBackend } from "./backends/nftables";
import { nftObjectKey, nftObjects, nftTimeText } from "./nft";
import { planApply } from "./plan";
import { render } from "./render";
import { compareWithKernel } from "./status";

const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
const AT = "2026-11-27T16:00:00.000Z";
const DEADLINE = Date.parse(AT) / 1000;
const config = (pptp: object): LintasConfig => configSchema.parse({ network, passthrough: { pptp: { enabled: true, ...pptp } } });
const timed = config({ expiry: { at: AT, seconds: 28800 } });
const pptpRules = (cfg: LintasConfig, capabilities = everything) => render(cfg, capabilities).ruleset.rules.filter((rule) => rule.source.switch === "pptp");

describe("a deadline in the rules", () => {
  it("holds every pass and count rule of the protocol to the deadline, then blocks it as if it were off", () => {
    const rules = pptpRules(timed);
    const off = render(configSchema.parse({ network, passthrough: {} }), everything).ruleset.rules.filter((rule) => rule.source.switch === "pptp");
    const untimed = pptpRules(config({}));
    const held = rules.filter((rule) => rule.match.time?.op === "before");
    // The helper stays unconditional; the flows' rules as without a deadline, each held to it.
    expect(held).toEqual(untimed.filter((rule) => rule.action.kind !== "helper").map((rule) => ({ ...rule, match: { ...rule.match, time: { op: "before", at: DEADLINE } } })));
    // After each flow's held rules come exactly the off rules of that flow (tracking of attempts included), from the deadline on.
    expect(rules.filter((rule) => rule.source.state === "off")).toEqual(off.map((rule) => ({ ...rule, match: { ...rule.match, time: { op: "from", at: DEADLINE } } })));
    const gre = rules.filter((rule) => rule.match.flow?.l4proto === "gre").map((rule) => `${rule.source.state} ${rule.action.kind}`);
    expect(gre).toEqual(["on accept", "on count", "off track", "off track", "off drop", "off drop"]);
  });

  it("keeps the deadline to the second, never late, whatever the local time zone", () => {
    const rule = pptpRules(config({ expiry: { at: "2026-11-27T16:00:00.999Z", seconds: 60 } })).find((r) => r.match.time)!;
    expect(rule.match.time).toEqual({ op: "before", at: DEADLINE });
    expect(nftTimeText(DEADLINE)).toBe("2026-11-27 16:00:00");
  });

  it("renders as before, and warns that only the watcher turns it off, where the kernel cannot match on time", () => {
    expect(pptpRules(timed, noTimeMatch)).toEqual(pptpRules(config({})));
    const result = planApply({ desired: timed, capabilities: noTimeMatch, interfaces: new Set(["br-lan", "wan0"]), interfacesMustExist: false });
    expect(result.ok && result.plan.warnings).toEqual([{ code: "deadline-watcher-only", protocol: "pptp", reason: "this kernel or nft cannot match on time" }]);
    expect(planApply({ desired: timed, capabilities: everything, interfaces: new Set(["br-lan", "wan0"]), interfacesMustExist: false })).toMatchObject({ ok: true, plan: { warnings: [] } });
  });
});

describe("reading back rules held to a deadline", () => {
  const backend = nftablesBackend();
  // As `nft -j list` prints them under TZ=UTC0: the deadline as a date string, not the seconds applied.
  const listed = (cfg: LintasConfig) => {
    const objects = nftObjects(render(cfg, everything).ruleset).map((object) => JSON.parse(JSON.stringify(object).replaceAll(`"right":${DEADLINE}`, `"right":"${nftTimeText(DEADLINE)}"`)));
    return { present: true, keys: objects.flatMap(nftObjectKey) };
  };
  const statusAt = (now: number) => compareWithKernel(timed, everything, backend, listed(timed), undefined, now);

  it("reads the listed date as the applied deadline: active and in sync before it", () => {
    const status = statusAt(Date.parse(AT) - 1000);
    expect(status.inSync).toBe(true);
    expect(status.protocols[0]).toMatchObject({ id: "pptp", actual: "active", flows: { control: "pass", gre: "pass" }, helper: true });
    expect(status.protocols[0]!.expired).toBeUndefined();
  });

  it("says the kernel blocks it once the deadline has passed, with nothing to repair", () => {
    const status = statusAt(Date.parse(AT));
    expect(status.inSync).toBe(true);
    expect(status.protocols[0]).toMatchObject({ id: "pptp", desired: { state: "active" }, actual: "blocked", expired: true, flows: { control: "blocked", gre: "blocked" } });
  });

  it("sees rules without the deadline (an older apply) as drift", () => {
    const status = compareWithKernel(timed, everything, backend, listed(config({})), undefined, Date.parse(AT) - 1000);
    expect(status.inSync).toBe(false);
    expect(status.drift.missing).toContain("pptp=on: GRE (tunnel) LAN->WAN accept");
  });
});
