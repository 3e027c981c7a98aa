// planApply is pure: every decision of an apply (refuse, warn, what to cut) is tested here without root.
import { describe, expect, it } from "vitest";
import { everything, noPptpHelper } from "./capabilities.fixture";
import { configSchema, DEFAULT_PASSTHROUGH, type HostFirewallMode, type LintasConfig, type Passthrough } from "./config";
import { openingText } from "./hostfw/openings";
import { loadFixture } from "./hostfw/test-support";
import { planApply, planHost, type HostOpeningsInput, type PlanInput } from "./plan";
import { render } from "./render";
import type { KernelStatus } from "./status";

const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true, hostFirewall: "open" as HostFirewallMode };
const present = new Set(["lo", "br-lan", "wan0"]);

const config = (passthrough: Partial<Record<keyof Passthrough, object>>, net = network): LintasConfig =>
  configSchema.parse({ network: net, passthrough: { ...DEFAULT_PASSTHROUGH, ...passthrough } });
const plan = (input: Partial<PlanInput> & Pick<PlanInput, "desired">) =>
  planApply({ capabilities: everything, interfaces: present, interfacesMustExist: false, ...input });
/** The host-firewall plan for `desired` as planApply rendered it (PPTP's effect depends on the capabilities). */
const hostPlan = (desired: LintasConfig, host: HostOpeningsInput["host"], capabilities = everything) =>
  planHost({ host, desired, effects: render(desired, capabilities).effects, capabilities });

describe("planApply", () => {
  it("renders the desired config and cuts only the protocols whose traffic the change blocks", () => {
    const previous = config({ pptp: { enabled: true }, ipsec: { enabled: true } });
    const desired = config({ pptp: { enabled: false }, ipsec: { enabled: true, esp: false }, l2tp: { enabled: true } });
    const result = plan({ desired, previous });
    expect(result).toEqual({
      ok: true,
      plan: { ...render(desired, everything), warnings: [], cut: ["pptp", "ipsec"] },
    });
  });

  it("cuts nothing when a change only turns things on: what was blocked has no open flow", () => {
    const previous = config({ ipsec: { enabled: true, natT: false } });
    const desired = config({ pptp: { enabled: true }, ipsec: { enabled: true, natT: true } });
    expect(plan({ desired, previous })).toMatchObject({ ok: true, plan: { cut: [] } });
  });

  it("cuts every protocol when the network changes", () => {
    const previous = config({});
    const desired = config({}, { ...network, masquerade: false });
    const result = plan({ desired, previous });
    expect(result.ok && result.plan.cut).toEqual(["pptp", "ipsec", "l2tp"]);
  });

  it("on a re-apply cuts what the kernel does not enforce where the config blocks it, and everything without a read-back", () => {
    const desired = config({ l2tp: { enabled: true } });
    const kernel = (outOfSync: string[]) =>
      ({
        inSync: false,
        drift: { tableMissing: false, missing: [], extra: [] },
        protocols: ["pptp", "ipsec", "l2tp"].map((id) => ({ id, inSync: !outOfSync.includes(id) })),
      }) as unknown as KernelStatus;
    const withKernel = plan({ desired, kernel: kernel(["pptp"]) });
    expect(withKernel.ok && withKernel.plan.cut).toEqual(["pptp"]);
    const blind = plan({ desired });
    expect(blind.ok && blind.plan.cut).toEqual(["pptp", "ipsec", "l2tp"]);
  });

  it("on a re-apply keeps the flows of a protocol whose every flow is meant to pass (our table was removed)", () => {
    const desired = config({ pptp: { enabled: true }, ipsec: { enabled: true, ah: true }, l2tp: { enabled: true } });
    const tableRemoved = {
      inSync: false,
      drift: { tableMissing: true, missing: [], extra: [] },
      protocols: ["pptp", "ipsec", "l2tp"].map((id) => ({ id, inSync: false })),
    } as unknown as KernelStatus;
    expect(plan({ desired, kernel: tableRemoved })).toMatchObject({ ok: true, plan: { cut: [] } });
    // An IPsec sub-option off (AH) blocks some IPsec flows: those may have opened while the table was gone.
    const ahOff = config({ pptp: { enabled: true }, ipsec: { enabled: true, ah: false }, l2tp: { enabled: true } });
    expect(plan({ desired: ahOff, kernel: tableRemoved })).toMatchObject({ ok: true, plan: { cut: ["ipsec"] } });
  });

  it("refuses to turn on a protocol the kernel cannot serve, naming it and the reason", () => {
    const result = plan({ desired: config({ pptp: { enabled: true } }), previous: config({}), capabilities: noPptpHelper });
    expect(result).toEqual({ ok: false, refusal: { code: "cannot-turn-on", protocol: "pptp", reason: "this kernel has no pptp conntrack helper" } });
  });

  it("keeps a protocol stored on but unavailable blocked, with a warning, without holding the rest hostage", () => {
    const desired = config({ pptp: { enabled: true }, l2tp: { enabled: true } });
    const result = plan({ desired, capabilities: noPptpHelper });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.effects).toEqual({ pptp: { state: "unavailable", reason: "this kernel has no pptp conntrack helper" }, ipsec: { state: "blocked" }, l2tp: { state: "active" } });
    expect(result.plan.warnings).toEqual([{ code: "stored-on-unavailable", protocol: "pptp", reason: "this kernel has no pptp conntrack helper" }]);
  });

  it("refuses a new network naming a missing interface, but only warns on a re-apply or a switch change", () => {
    const desired = config({}, { ...network, lanInterfaces: ["br-lan", "lan9"] });
    expect(plan({ desired, previous: config({}), interfacesMustExist: true })).toEqual({
      ok: false,
      refusal: { code: "interface-missing", role: "LAN", name: "lan9", field: "lan" },
    });
    const relaxed = plan({ desired, interfaces: new Set(["br-lan"]) });
    expect(relaxed.ok && relaxed.plan.warnings).toEqual([
      { code: "interface-missing", role: "LAN", name: "lan9" },
      { code: "interface-missing", role: "WAN", name: "wan0" },
    ]);
  });

  it("opens the host firewall for the protocols Lintas lets through, removes what is no longer needed, and opens nothing in report mode", () => {
    const host = { ok: true as const, ruleset: loadFixture("nftables-conf") };
    const opened = hostPlan(config({ l2tp: { enabled: true }, pptp: { enabled: true } }), host, noPptpHelper);
    // PPTP is stored on but unavailable: Lintas's own table blocks it, so the host is not opened for it.
    expect(opened.host!.changes.add.map(openingText)).toEqual([
      'nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 1701 accept comment "lintas: l2tp"',
    ]);
    expect(opened.host!.changes.remove).toEqual([]);
    const report = hostPlan(config({ l2tp: { enabled: true } }, { ...network, hostFirewall: "report" }), host);
    expect(report.host!.desired).toEqual([]);
  });

  it("warns when the host firewall cannot be read, and plans no openings", () => {
    const result = hostPlan(config({ l2tp: { enabled: true } }), { ok: false, reason: "nft -j list ruleset failed: Operation not permitted" });
    expect(result).toEqual({ warnings: [{ code: "host-unreadable", reason: "nft -j list ruleset failed: Operation not permitted" }], cut: [] });
  });

  it("when only the host-firewall mode changes, cuts just the protocols whose openings in the host go away", () => {
    const desired = config({ l2tp: { enabled: true } }, { ...network, hostFirewall: "report" });
    const previous = config({ l2tp: { enabled: true } });
    const rules = plan({ desired, previous });
    expect(rules.ok && rules.plan.cut).toEqual([]);
    const host = { ok: true as const, ruleset: loadFixture("nftables-conf") };
    expect(hostPlan(desired, host).cut).toEqual([]);
    const match = (left: unknown, right: unknown) => ({ match: { op: "==", left, right } });
    const l2tpOpening = {
      rule: {
        family: "inet", table: "filter", chain: "forward", handle: 99, comment: "lintas: l2tp",
        expr: [match({ meta: { key: "iifname" } }, "br-lan"), match({ meta: { key: "oifname" } }, "wan0"), match({ payload: { protocol: "udp", field: "dport" } }, 1701), { accept: null }],
      },
    };
    const closes = hostPlan(desired, { ok: true as const, ruleset: loadFixture("nftables-conf", [l2tpOpening]) });
    expect(closes.host!.changes.remove.map(openingText)).toEqual(['nft insert rule inet filter forward iifname "br-lan" oifname "wan0" udp dport 1701 accept comment "lintas: l2tp"']);
    expect(closes.cut).toEqual(["l2tp"]);
  });
});
