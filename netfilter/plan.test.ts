// planApply is pure: every decision of an apply (refuse, warn, what to cut) is tested here without root.
import { describe, expect, it } from "vitest";
import { everything, noPptpHelper } from "./capabilities.fixture";
import { configSchema, DEFAULT_PASSTHROUGH, type LintasConfig, type Passthrough } from "./config";
import { planApply, type PlanInput } from "./plan";
import { render } from "./render";
import type { KernelStatus } from "./status";

const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
const present = new Set(["lo", "br-lan", "wan0"]);

const config = (passthrough: Partial<Record<keyof Passthrough, object>>, net = network): LintasConfig =>
  configSchema.parse({ network: net, passthrough: { ...DEFAULT_PASSTHROUGH, ...passthrough } });
const plan = (input: Partial<PlanInput> & Pick<PlanInput, "desired">) =>
  planApply({ capabilities: everything, interfaces: present, interfacesMustExist: false, ...input });

describe("planApply", () => {
  it("renders the desired config and cuts only the protocols whose switch changed", () => {
    const previous = config({});
    const desired = config({ pptp: { enabled: true }, ipsec: { enabled: false, esp: false } });
    const result = plan({ desired, previous });
    expect(result).toEqual({
      ok: true,
      plan: { ...render(desired, everything), warnings: [], cut: ["pptp", "ipsec"] },
    });
  });

  it("cuts every protocol when the network changes", () => {
    const previous = config({});
    const desired = config({}, { ...network, masquerade: false });
    const result = plan({ desired, previous });
    expect(result.ok && result.plan.cut).toEqual(["pptp", "ipsec", "l2tp"]);
  });

  it("on a re-apply cuts what the kernel does not enforce, and everything without a read-back", () => {
    const desired = config({ l2tp: { enabled: true } });
    const kernel = {
      inSync: false,
      drift: { tableMissing: false, missing: [], extra: [] },
      protocols: [
        { id: "pptp", inSync: true },
        { id: "ipsec", inSync: true },
        { id: "l2tp", inSync: false },
      ],
    } as unknown as KernelStatus;
    const withKernel = plan({ desired, kernel });
    expect(withKernel.ok && withKernel.plan.cut).toEqual(["l2tp"]);
    const blind = plan({ desired });
    expect(blind.ok && blind.plan.cut).toEqual(["pptp", "ipsec", "l2tp"]);
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
});
