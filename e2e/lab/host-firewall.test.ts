// Lintas next to a host firewall, with real traffic through the lab router: a strict Debian nftables.conf and
// Docker's FORWARD DROP (iptables-nft). In `open` mode a switch that is on passes (Lintas opened the path in the
// host's own chains), off is blocked (its openings gone); in `report` mode the host's drop stays and status names
// the table and chain that drops it.
import { describe, expect, it } from "vitest";
import { routerLintas } from "../../lab/lab";
import { CHECKS, runChecks } from "../../lab/probes";
import { type TestLab, useTestLab } from "./support";

// The checks of PPTP (TCP 1723 + GRE both ways), IPsec (IKE, NAT-T, ESP, IKE over IPv6) and L2TP.
const checked = CHECKS.filter((c) => ["pptp", "ike", "natT", "esp", "ike6", "l2tp"].includes(c.id));
const passing = async (t: TestLab) => (await runChecks(t.lab, checked)).filter((r) => r.passed).map((r) => r.check.id);

const lintas = (t: TestLab, ...args: string[]) => {
  const r = routerLintas(t.lab, args);
  if (r.code !== 0) throw new Error(`lintas ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
};

type Host = {
  name: string;
  load: string;
  /** The words `lintas status` says about IPsec in report mode. */
  reportLine: string;
  /** The checks the host itself lets through in report mode (Docker's rules are IPv4-only). */
  reportPassing: string[];
  /** What `lintas status` says IPsec's traffic meets then, and why (the first packet dropped, and where). */
  reportTraffic: RegExp;
  /** Where the openings are listed, and the status line that names them. */
  openings: string;
  openedLine: string;
};

const HOSTS: Host[] = [
  {
    name: "a Debian nftables.conf (forward policy drop, established accepted)",
    load: `nft -f - <<'EOF'
table inet filter {
	chain input { type filter hook input priority filter; policy accept; }
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
	}
}
EOF`,
    reportLine: "IPsec: blocked by the host firewall: table inet filter, chain forward (policy drop)",
    reportPassing: [],
    reportTraffic: /^IPsec\s+active\s+active\s+blocked\s+ike=blocked natT=blocked esp=blocked ah=blocked {2}<- differs\n  UDP 500 LAN → WAN \(IPv4\) is dropped by table inet filter, chain forward \(policy drop\)$/m,
    openings: "nft list table inet filter",
    openedLine: "IPsec: passes the host firewall; opened in table inet filter forward",
  },
  {
    name: "Docker's FORWARD DROP with its DOCKER-USER chain (iptables-nft)",
    load: "iptables -P FORWARD DROP && iptables -N DOCKER-USER && iptables -A DOCKER-USER -j RETURN && iptables -I FORWARD -j DOCKER-USER",
    reportLine: "IPsec: blocked by the host firewall: table ip filter, chain FORWARD (policy drop)",
    reportPassing: ["ike6"],
    // IPv6 gets through (Docker's rules are IPv4-only): partly.
    reportTraffic: /^IPsec\s+active\s+active\s+partly\s+ike=partly natT=partly esp=partly ah=blocked {2}<- differs\n  UDP 500 LAN → WAN \(IPv4\) is dropped by table ip filter, chain FORWARD \(policy drop\)$/m,
    openings: "iptables-save -t filter",
    openedLine: "IPsec: passes the host firewall; opened in Docker's firewall (DOCKER-USER)",
  },
];

for (const host of HOSTS) {
  describe(host.name, () => {
    let t: TestLab;
    useTestLab("hf", { wanServer: true }, (lab) => {
      t = lab;
      t.routerSh(host.load);
    });

    it("blocks every protocol before Lintas opens anything", async () => {
      expect(await passing(t)).toEqual([]);
    });

    it("open: the switches that are on pass, through openings in the host's own chains", async () => {
      t.set("pptp=on", "ipsec=on", "l2tp=on");
      expect(await passing(t)).toEqual(["pptp", "ike", "natT", "esp", "l2tp", "ike6"]);
      expect(t.routerSh(host.openings)).toContain("lintas: ipsec");
      const status = t.status();
      expect(status.host).toMatchObject({ readable: true, mode: "open" });
      expect(lintas(t, "status")).toContain(host.openedLine);
    });

    it("off: blocked again, and every opening of the switch is gone", async () => {
      t.set("pptp=off", "ipsec=off");
      expect(await passing(t)).toEqual(["l2tp"]);
      const listing = t.routerSh(host.openings);
      expect(listing).not.toContain("lintas: ipsec");
      expect(listing).not.toContain("lintas: pptp");
      expect(listing).toContain("lintas: l2tp");
    });

    it("report: only Lintas's table changes, the host's drop stays and status names its table and chain", async () => {
      lintas(t, "network", "set", "--host-firewall", "report");
      t.set("ipsec=on");
      expect(await passing(t)).toEqual(host.reportPassing);
      expect(t.routerSh(host.openings)).not.toContain("lintas:");
      const status = t.status();
      expect(status.host).toMatchObject({ readable: true, mode: "report", protocols: { ipsec: { verdict: { verdict: "blocked" }, openedIn: [] } } });
      const text = lintas(t, "status");
      expect(text).toContain(host.reportLine);
      expect(text).toMatch(host.reportTraffic);
    });

    it("back to open: the path is opened again", async () => {
      lintas(t, "network", "set", "--host-firewall", "open");
      expect(await passing(t)).toEqual(["ike", "natT", "esp", "l2tp", "ike6"]);
    });
  });
}
