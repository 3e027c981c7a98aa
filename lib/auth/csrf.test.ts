import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./csrf";

describe("CSRF origin check: scheme, host and port", () => {
  it.each([
    ["http://192.168.50.1", "http://192.168.50.1", true],
    ["https://192.168.50.1", "https://192.168.50.1", true],
    ["https://192.168.50.1", "https://192.168.50.1:443", true],
    ["http://localhost:8080", "http://localhost:8080", true],
    ["https://ROUTER.lan", "https://router.lan", true],
    ["http://192.168.50.1", "https://192.168.50.1", false],
    ["https://192.168.50.1", "http://192.168.50.1", false],
    ["http://evil.example", "http://192.168.50.1", false],
    ["null", "http://192.168.50.1", false],
    [null, "http://192.168.50.1", false],
    ["http://192.168.50.1", null, false],
    ["http://192.168.50.1:8080", "http://192.168.50.1", false],
    ["not a url", "http://192.168.50.1", false],
  ])("origin %s for own origin %s -> %s", (origin, own, ok) => {
    expect(isSameOrigin(origin, own)).toBe(ok);
  });
});
