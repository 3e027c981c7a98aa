// The scope services other parts call, against the real kernel in a throwaway namespace: names resolved again
// (the kernel's set follows a name that moved; a failing resolver keeps the last addresses and is logged once),
// and "allow this device" (adds one LAN entry, or turns the protocol on for that device alone).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNetns, type TestNetns } from "../../lab/testing/netns";

const dataDir = mkdtempSync(path.join(tmpdir(), "lintas-scope-service-"));
process.env.LINTAS_DATA_DIR = dataDir;
process.env.LINTAS_ROOT = path.join(import.meta.dirname, "..", "..");
const leases = path.join(dataDir, "dnsmasq.leases");
writeFileSync(leases, "0 aa:bb:cc:dd:ee:01 192.168.1.23 laptop *\n");
process.env.LINTAS_DHCP_LEASES = leases;
const { allowDevice, reResolveNames, setNetwork, setPassthrough, showConfig } = await import("./index");
const { nameChecker } = await import("../watch/names");
const { recentAudit } = await import("../audit-history");
const { translator } = await import("../i18n");

const SERVER = "vpn.example.test";
/** The resolver the tests steer: a name's addresses, or the error its lookup fails with. */
let answers: Record<string, string[] | string> = {};
const lookupHost = async (name: string) => {
  const answer = answers[name];
  if (typeof answer === "string") throw Object.assign(new Error(answer), { code: answer });
  if (!answer) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
  return answer;
};

let ns: TestNetns;
const options = () => ({ runner: ns.runner, lookupHost });
const setElements = (name: string) => ns.sh(`nft -j list set inet lintas ${name}`).match(/"elem": \[(.*?)\]/)?.[1] ?? "";

beforeAll(async () => {
  ns = createNetns("scopesvc", { lan: ["br-lan"], wan: "wan0" });
  await setNetwork({ lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true }, { runner: ns.runner });
});
afterAll(() => {
  ns.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("names resolved again", () => {
  it("a server's host name that moved: the stored config is re-applied (no open flow cut), the kernel's set follows, the audit says where it went", async () => {
    answers = { [SERVER]: ["198.51.100.7"] };
    // IPsec with AH off blocks some of its flows: a repair of it would cut its open flows, a name that moved does not.
    await setPassthrough({ ipsec: { enabled: true, scope: { servers: [SERVER] } } }, options());
    expect(setElements("ipsec_servers_v4")).toContain("198.51.100.7");

    expect(await reResolveNames(options())).toEqual({ moved: [], failing: [] });

    answers = { [SERVER]: ["198.51.100.9"] };
    const check = await reResolveNames(options());
    expect(check.moved).toEqual([{ name: SERVER, addresses: ["198.51.100.9"] }]);
    expect(check.report!.kernel.inSync).toBe(true);
    expect(check.report!.cut).toEqual([]);
    expect(setElements("ipsec_servers_v4")).toContain("198.51.100.9");
    expect(setElements("ipsec_servers_v4")).not.toContain("198.51.100.7");
    const [entry] = await recentAudit(1);
    expect(entry).toMatchObject({ action: "config.repair", ok: true, detail: { repair: { cause: { trigger: "names", moved: check.moved } } } });
  });

  it("a failing resolver keeps the last addresses (nothing re-applied) and the watcher logs it once, until it resolves again", async () => {
    answers = { [SERVER]: "ETIMEOUT" };
    const lines: string[] = [];
    const look = nameChecker(options(), (line) => lines.push(line), translator("en"));
    await look();
    await look();
    expect(lines).toEqual([`cannot resolve ${SERVER} (ETIMEOUT): it keeps its last addresses until it resolves again`]);
    expect(setElements("ipsec_servers_v4")).toContain("198.51.100.9");

    answers = { [SERVER]: ["198.51.100.10"] };
    await look();
    expect(lines[1]).toMatch(new RegExp(`^${SERVER} now resolves to 198\\.51\\.100\\.10 \\(re-applied in \\d+ ms\\)$`));
    answers = { [SERVER]: "ETIMEOUT" };
    await look();
    expect(lines).toHaveLength(3); // failing again after it resolved: said again, once
  });

  it("a name that no longer exists lets nothing through: its set is emptied", async () => {
    answers = {};
    const check = await reResolveNames(options());
    expect(check.moved).toEqual([{ name: SERVER, addresses: [] }]);
    expect(setElements("ipsec_servers_v4")).toBe("");
    await setPassthrough({ ipsec: { enabled: false, scope: { servers: [] } } }, options());
  });
});

describe("allowDevice", () => {
  it("a protocol that is off with no LAN list is turned on for that device alone", async () => {
    const report = await allowDevice("pptp", { device: "laptop" }, options());
    expect(report!.config.passthrough.pptp).toMatchObject({ enabled: true, scope: { lan: ["laptop"], servers: [] } });
    expect(setElements("pptp_lan_v4")).toContain("192.168.1.23");
  });

  it("a LAN list gains the device (canonical: a MAC in lower case), once", async () => {
    await allowDevice("pptp", { device: "AA-BB-CC-DD-EE-01" }, options());
    expect((await showConfig()).passthrough.pptp.scope!.lan).toEqual(["laptop", "aa:bb:cc:dd:ee:01"]);
    expect(await allowDevice("pptp", { device: "aa:bb:cc:dd:ee:01" }, options())).toBeUndefined();
    const [entry] = await recentAudit(1);
    expect(entry).toMatchObject({ action: "config.change", detail: { changes: [{ key: "pptp.scope.lan", added: ["aa:bb:cc:dd:ee:01"], removed: [] }] } });
  });

  it("a protocol open to every device is left alone: the device passes already", async () => {
    await setPassthrough({ ipsec: { enabled: true } }, options());
    expect(await allowDevice("ipsec", { device: "laptop" }, options())).toBeUndefined();
    expect((await showConfig()).passthrough.ipsec.scope).toBeUndefined();
  });

  it("a bad entry or an unknown device is refused with words that name it, and nothing changes", async () => {
    const before = await showConfig();
    await expect(allowDevice("pptp", { device: "192.168.1.300" }, options())).rejects.toThrow(/PPTP allowed LAN sources: "192.168.1.300" is not an IP address/);
    await expect(allowDevice("pptp", { device: "tablet" }, options())).rejects.toThrow(/"tablet" is no device in the DHCP leases/);
    expect(await showConfig()).toEqual(before);
  });
});
