import { describe, expect, it } from "vitest";
import { DEFAULT_PASSTHROUGH, interfaceNameSchema, networkSchema, passthroughChangesSchema, passthroughSchema, protocolIdSchema } from "./config";
import { PROTOCOL_IDS, PROTOCOLS } from "./protocols";

describe("config schemas", () => {
  it.each([["eth0"], ["br-lan"], ["wan.100"], ["a234567890abcde"]])("accepts interface name %s", (name) => {
    expect(interfaceNameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ["", "interfaceEmpty"],
    ["a234567890abcdef", "interfaceTooLong"],
    ["br/lan", "interfaceSeparator"],
    ["eth0:1", "interfaceSeparator"],
    ["eth 0", "interfaceSeparator"],
    ["..", "interfaceDots"],
  ])("rejects interface name %j with issue %s", (name, issue) => {
    const result = interfaceNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(issue);
  });

  it("rejects a WAN that is also a LAN and duplicate LANs", () => {
    expect(networkSchema.safeParse({ lanInterfaces: ["a"], wanInterface: "a", masquerade: false }).error?.issues[0]?.message).toBe("wanIsLan");
    expect(networkSchema.safeParse({ lanInterfaces: ["a", "a"], wanInterface: "b", masquerade: false }).success).toBe(false);
  });

  it("defaults IPsec sub-options: NAT-T and ESP on, AH off", () => {
    const parsed = passthroughSchema.parse({ pptp: { enabled: true }, ipsec: { enabled: true }, l2tp: { enabled: false } });
    expect(parsed.ipsec).toEqual({ enabled: true, natT: true, esp: true, ah: false });
  });

  it("names the accepted protocols when one is unknown", () => {
    expect(protocolIdSchema.safeParse("wireguard").error?.issues[0]?.message).toBe(
      `unknown protocol "wireguard": accepted values are ${PROTOCOL_IDS.join(", ")}`,
    );
  });

  it("takes every protocol and sub-option from the catalogue, off by default, sub-options at their defaults", () => {
    expect(Object.keys(DEFAULT_PASSTHROUGH)).toEqual(PROTOCOLS.map((p) => p.id));
    for (const spec of PROTOCOLS) {
      const defaults = Object.fromEntries(Object.entries(spec.options).map(([name, option]) => [name, option.default]));
      expect(DEFAULT_PASSTHROUGH[spec.id]).toEqual({ enabled: false, ...defaults });
    }
    expect(DEFAULT_PASSTHROUGH.ipsec).toEqual({ enabled: false, natT: true, esp: true, ah: false });
    expect(passthroughSchema.parse({ ipsec: { enabled: true, ah: true } })).toEqual({
      ...DEFAULT_PASSTHROUGH,
      ipsec: { enabled: true, natT: true, esp: true, ah: true },
    });
  });

  it("accepts a change of any subset, and only the options a protocol has", () => {
    expect(passthroughChangesSchema.parse({ ipsec: { ah: true } })).toEqual({ ipsec: { ah: true } });
    expect(passthroughChangesSchema.safeParse({ pptp: { natT: true } }).success).toBe(false);
    expect(passthroughChangesSchema.safeParse({ wireguard: { enabled: true } }).success).toBe(false);
  });
});
