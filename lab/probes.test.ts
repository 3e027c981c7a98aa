// The probe table's words: a check that could not run says so, never "blocked" (that is a verdict on the router).
import { describe, expect, it } from "vitest";
import { CHECKS, tableRow, type AgentReply } from "./probes";

const ike = CHECKS.find((c) => c.id === "ike")!;
const row = (...replies: AgentReply[]) => tableRow({ check: ike, replies, passed: replies.every((r) => r.ok) });

describe("probe table rows", () => {
  it("pass, partial and blocked are what came back", () => {
    expect(row({ ok: true }, { ok: true }).result).toBe("pass");
    expect(row({ ok: true }, { ok: false, reason: "no echo" }).result).toBe("partial");
    expect(row({ ok: false, reason: "no echo" }, { ok: false, reason: "no echo" }).result).toBe("blocked");
  });

  it("a client that could not send makes the row not run, naming why, whatever the other client saw", () => {
    expect(row({ ok: true }, { ok: false, stage: "setup", reason: "OSError: [Errno 98] Address already in use" })).toEqual({
      protocol: "ipsec",
      check: "IKE UDP 500, 2 clients",
      result: "not run: the probe client could not send (OSError: [Errno 98] Address already in use)",
    });
  });
});
