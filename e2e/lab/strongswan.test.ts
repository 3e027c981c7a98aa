// A real IKEv2 tunnel (strongSwan, PSK, NAT-T) from a LAN host to the WAN host through the lab router.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startIpsecPeers, strongswanMissing, type IpsecPeers } from "../../lab/strongswan";
import { createTestLab, type TestLab } from "./support";

let t: TestLab;
let peers: IpsecPeers;
beforeAll(async () => {
  const missing = strongswanMissing();
  if (missing.length) throw new Error(`strongSwan cannot run the lab tunnel (scripts/setup.sh test installs these): ${missing.join("; ")}`);
  t = createTestLab("ike");
  peers = await startIpsecPeers(t.lab);
});
afterAll(() => {
  peers?.stop();
  t?.down();
});

it("IPsec off: IKE cannot get through, no tunnel, no ping", async () => {
  t.set("ipsec=off");
  expect(await peers.initiate(3000)).toBe(false);
  expect(await peers.ping()).toBe(false);
});

it("IPsec on: the IKEv2 tunnel comes up through the NAT and a ping crosses it", async () => {
  t.set("ipsec=on");
  expect(await peers.initiate(10_000)).toBe(true);
  expect(await peers.ping()).toBe(true);
  // Behind the router's NAT the peers moved to NAT-T: the router tracks UDP 4500, not raw ESP.
  expect(t.routerSh("conntrack -L -p udp --orig-port-dst 4500 2>/dev/null")).toContain("dport=4500");
});

it("IPsec off again: the open tunnel is cut", async () => {
  t.set("ipsec=off");
  expect(await peers.ping()).toBe(false);
});
