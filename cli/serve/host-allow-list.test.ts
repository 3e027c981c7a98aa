// The Host grammar and matching rules, case by case (serve.test.ts proves them against a running server).
import { describe, expect, it } from "vitest";
import { allowedHost, formatHost, parseHostPort } from "./host-allow-list";

describe("parseHostPort", () => {
  it.each([
    ["192.168.50.1", { hostname: "192.168.50.1" }],
    ["192.168.50.1:8443", { hostname: "192.168.50.1", port: 8443 }],
    ["Router.LAN.", { hostname: "router.lan" }],
    ["router.lan:80", { hostname: "router.lan", port: 80 }],
    ["[FD00:0::1]:443", { hostname: "fd00::1", port: 443 }],
    ["fd00::1", { hostname: "fd00::1" }],
  ])("%s", (text, parsed) => {
    expect(parseHostPort(text)).toEqual(parsed);
  });

  it.each(["", "evil@192.168.50.1", "router.lan/x", "-router.lan", "router..lan", "[router.lan]:80", "[fd00::1", "router.lan:0", "router.lan:65536", "a b", "fd00::1:80:x"])(
    "refuses %j",
    (text) => {
      expect(parseHostPort(text)).toBeUndefined();
    },
  );

  it("formats back what it parses", () => {
    for (const text of ["router.lan:8080", "[fd00::1]:443", "192.168.50.1"]) expect(formatHost(parseHostPort(text)!)).toBe(text);
  });
});

describe("allowedHost", () => {
  const allowed = [{ hostname: "192.168.50.1" }, { hostname: "fd00::1" }, { hostname: "localhost", port: 8080 }];
  const tls443 = { port: 443, defaultPort: 443 };
  it.each([
    ["192.168.50.1", tls443, true],
    ["192.168.50.1:443", tls443, true],
    ["192.168.50.1:8443", tls443, false],
    ["192.168.50.1", { port: 8443, defaultPort: 443 }, false],
    ["192.168.50.1:8443", { port: 8443, defaultPort: 443 }, true],
    ["[fd00:0:0::1]", tls443, true],
    ["localhost:8080", tls443, true],
    ["localhost", tls443, false],
    ["rebind.evil", tls443, false],
    ["rebind.evil", "any port", false],
    ["192.168.50.1:9999", "any port", true],
    [undefined, tls443, false],
  ] as const)("%s on %j -> %s", (header, listener, ok) => {
    expect(allowedHost(allowed, header, listener) !== undefined).toBe(ok);
  });
});
