// `lintas lab` refuses bad words before it builds anything.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { requireRoot } from "../../lab/testing/netns";

const bin = path.join(import.meta.dirname, "..", "..", "bin", "lintas");
// The default lab's namespaces (other tests' labs come and go meanwhile).
const defaultLab = () =>
  spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout.split("\n").filter((line) => /^lintas-lab-(router|lan1|lan2|wan)\b/.test(line));

describe("lintas lab", () => {
  it("refuses an unknown host firewall (exit 2), naming the accepted ones, and builds nothing", () => {
    requireRoot();
    const before = defaultLab();
    const r = spawnSync(bin, ["lab", "up", "--host-firewall", "iptables"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad value "iptables" for --host-firewall: accepted values are none, nftables, docker, ufw, firewalld');
    expect(defaultLab()).toEqual(before);
  });

  it("host-firewall accepts only restart", () => {
    const r = spawnSync(bin, ["lab", "host-firewall", "stop"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("use `lab host-firewall restart`");
  });
});
