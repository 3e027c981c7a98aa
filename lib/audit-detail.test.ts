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

  it("says which entries a scope change added and removed, a long list by its first entries and how many more", () => {
    const many = Array.from({ length: 12 }, (_, i) => `10.0.0.${i + 1}`);
    const detail = {
      before: { network, passthrough: { ...passthrough, pptp: { enabled: true, scope: { lan: ["laptop", "192.168.1.23"], servers: [] } } } },
      after: { network, passthrough: { ...passthrough, pptp: { enabled: true, scope: { lan: ["laptop", "phone"], servers: many } } } },
    };
    expect(describeAuditDetail(detail, en)).toBe(
      "PPTP allowed LAN sources: added phone; PPTP allowed LAN sources: removed 192.168.1.23; " +
        "PPTP allowed servers: added 10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5, 10.0.0.6, 10.0.0.7, 10.0.0.8, 10.0.0.9, 10.0.0.10 and 2 more",
    );
    expect(describeAuditDetail(detail, translator("id"))).toContain("PPTP sumber LAN yang diizinkan: ditambahkan phone");
  });

  it("renders a stored error message in the reader's language", () => {
    const failed = {
      before: { network, passthrough },
      after: { network, passthrough: { ...passthrough, pptp: { enabled: true } } },
      error: { key: "error.cannotTurnOn", params: { protocol: "PPTP", reason: "no helper" } },
    };
    expect(describeAuditDetail(failed, translator("id"))).toContain("penerusan PPTP tidak dapat diaktifkan: no helper");
  });

  it("names network changes, the first network set included", () => {
    const first = { before: { passthrough }, after: { network, passthrough } };
    expect(describeAuditDetail(first, en)).toBe("LAN: — → br-lan; WAN: — → wan0; Masquerade (NAT): — → on; Host firewall: — → open");
  });

  it("lists the enforced switches for a re-apply, and other events field by field", () => {
    expect(describeAuditDetail({ before: null, after: { network, passthrough } }, en)).toMatch(
      /^re-applied the stored settings: PPTP: off, IPsec: on, IPsec NAT-T: on, IPsec ESP: on, IPsec AH: off, L2TP: off(, |$)/,
    );
    expect(describeAuditDetail({ username: "admin", sessionsRevoked: 2 }, en)).toBe("username: admin, sessionsRevoked: 2");
  });

  it("says why the watcher repaired and what it put back, then what it enforced", () => {
    const removed = {
      before: null,
      after: { network, passthrough },
      repair: {
        cause: { trigger: "ruleset", target: "table inet lintas", change: "removed", by: [{ pid: 6608, process: "nft" }] },
        found: [{ part: "table inet lintas", absent: true, missing: [], extra: [] }],
      },
    };
    expect(describeAuditDetail(removed, en)).toMatch(
      /^table inet lintas removed by process 6608 \(nft\); restored table inet lintas; re-applied the stored settings: PPTP: off, /,
    );
    expect(describeAuditDetail(removed, translator("id"))).toMatch(/^table inet lintas dihapus oleh proses 6608 \(nft\); table inet lintas dipulihkan; /);
    const edited = {
      ...removed,
      repair: {
        cause: { trigger: "poll" },
        found: [{ part: "table inet lintas", absent: false, missing: ["pptp=off: TCP 1723 (control) LAN->WAN drop"], extra: ["rule {}", "rule {}"] }],
      },
    };
    const many = { ...removed, repair: { ...removed.repair, cause: { trigger: "ruleset", by: [{ pid: 1, process: "iptables" }], more: 39 } } };
    expect(describeAuditDetail(many, en)).toMatch(/^the ruleset changed by process 1 \(iptables\), 39 more; /);
    expect(describeAuditDetail(many, translator("id"))).toMatch(/^kumpulan aturan diubah oleh proses 1 \(iptables\), 39 lainnya; /);
    const iptables = { ...removed, repair: { ...removed.repair, found: [{ part: { key: "repair.backendRules", params: { backend: "iptables" } }, absent: true, missing: [], extra: [] }] } };
    expect(describeAuditDetail(iptables, en)).toMatch(/; restored Lintas's iptables rules; /);
    expect(describeAuditDetail(iptables, translator("id"))).toMatch(/; aturan iptables milik Lintas dipulihkan; /);
    expect(describeAuditDetail(edited, en)).toMatch(
      /^found by the periodic check; restored in table inet lintas: pptp=off: TCP 1723 \(control\) LAN->WAN drop; removed from table inet lintas: 2 unexpected rule\(s\); re-applied/,
    );
  });

  it("says which scope names moved when the watcher resolved them again", () => {
    const moved = {
      before: null,
      after: { network, passthrough },
      repair: { cause: { trigger: "names", moved: [{ name: "vpn.example.com", addresses: ["198.51.100.9", "2001:db8::9"] }, { name: "laptop", addresses: [] }] }, found: [] },
    };
    expect(describeAuditDetail(moved, en)).toMatch(/^vpn\.example\.com now resolves to 198\.51\.100\.9, 2001:db8::9; laptop now resolves to no address; re-applied the stored settings: /);
    expect(describeAuditDetail(moved, translator("id"))).toMatch(/^vpn\.example\.com kini merujuk ke 198\.51\.100\.9, 2001:db8::9; laptop kini tidak merujuk ke alamat apa pun; /);
  });
});
