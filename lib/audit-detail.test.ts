// Audit rows in the reader's words: the config diff, for rows written now and rows written before it existed.
import { describe, expect, it } from "vitest";
import { describeAuditDetail } from "./audit-detail";
import { translator } from "./i18n";

const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
const passthrough = { pptp: { enabled: false }, ipsec: { enabled: true, natT: true, esp: true, ah: false }, l2tp: { enabled: false } };
const en = translator("en");

describe("audit detail", () => {
  it("shows a sub-option change, which used to read ipsec=on -> ipsec=on", () => {
    const detail = {
      before: { network, passthrough },
      after: { network, passthrough: { ...passthrough, ipsec: { ...passthrough.ipsec, natT: false, esp: false } } },
    };
    expect(describeAuditDetail(detail, en)).toBe("IPsec NAT-T: on → off; IPsec ESP: on → off");
    expect(describeAuditDetail(detail, translator("id"))).toBe("IPsec NAT-T: aktif → nonaktif; IPsec ESP: aktif → nonaktif");
  });

  it("reads old rows: configs without sub-options and English errors", () => {
    const old = {
      before: { network, passthrough: { pptp: { enabled: false }, ipsec: { enabled: false }, l2tp: { enabled: false } } },
      after: { network, passthrough: { pptp: { enabled: true }, ipsec: { enabled: false }, l2tp: { enabled: false } } },
      error: "PPTP passthrough cannot be turned on: this kernel has no pptp conntrack helper",
    };
    expect(describeAuditDetail(old, en)).toBe("PPTP: off → on; PPTP passthrough cannot be turned on: this kernel has no pptp conntrack helper");
  });

  it("renders a stored error message in the reader's language", () => {
    const failed = {
      before: { network, passthrough },
      after: { network, passthrough: { ...passthrough, pptp: { enabled: true } } },
      error: { key: "error.cannotTurnOn", params: { protocol: "PPTP", reason: "no helper" } },
    };
    expect(describeAuditDetail(failed, translator("id"))).toContain("passthrough PPTP tidak dapat diaktifkan: no helper");
  });

  it("names network changes, the first network set included", () => {
    const first = { before: { passthrough }, after: { network, passthrough } };
    expect(describeAuditDetail(first, en)).toBe("LAN: — → br-lan; WAN: — → wan0; Masquerade (NAT): — → on");
  });

  it("lists the enforced switches for a re-apply, and other events field by field", () => {
    expect(describeAuditDetail({ before: null, after: { network, passthrough } }, en)).toMatch(
      /^re-applied the stored settings: PPTP: off, IPsec: on, IPsec NAT-T: on, IPsec ESP: on, IPsec AH: off, L2TP: off(, |$)/,
    );
    expect(describeAuditDetail({ username: "admin", sessionsRevoked: 2 }, en)).toBe("username: admin, sessionsRevoked: 2");
  });
});
