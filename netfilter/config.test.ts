import { describe, expect, it } from "vitest";
import { interfaceNameSchema, networkSchema, passthroughSchema, protocolIdSchema } from "./config";

describe("config schemas", () => {
  it.each([["eth0"], ["br-lan"], ["wan.100"], ["a234567890abcde"]])("accepts interface name %s", (name) => {
    expect(interfaceNameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ["", "interface name is empty"],
    ["a234567890abcdef", "interface name is longer than 15 characters"],
    ["br/lan", "interface name cannot contain /, : or whitespace"],
    ["eth0:1", "interface name cannot contain /, : or whitespace"],
    ["eth 0", "interface name cannot contain /, : or whitespace"],
    ["..", "interface name cannot be . or .."],
  ])("rejects interface name %j", (name, message) => {
    const result = interfaceNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it("rejects a WAN that is also a LAN and duplicate LANs", () => {
    expect(networkSchema.safeParse({ lanInterfaces: ["a"], wanInterface: "a", masquerade: false }).error?.issues[0]?.message).toBe(
      "the WAN interface cannot also be a LAN interface",
    );
    expect(networkSchema.safeParse({ lanInterfaces: ["a", "a"], wanInterface: "b", masquerade: false }).success).toBe(false);
  });

  it("defaults IPsec sub-options: NAT-T and ESP on, AH off", () => {
    const parsed = passthroughSchema.parse({ pptp: { enabled: true }, ipsec: { enabled: true }, l2tp: { enabled: false } });
    expect(parsed.ipsec).toEqual({ enabled: true, natT: true, esp: true, ah: false });
  });

  it("names the accepted protocols when one is unknown", () => {
    expect(protocolIdSchema.safeParse("sstp").error?.issues[0]?.message).toBe(
      'unknown protocol "sstp": accepted values are pptp, ipsec, l2tp',
    );
  });
});
