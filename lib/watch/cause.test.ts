// Why the watcher looked, from `nft monitor` events: what happened to Lintas's table, and who did it.
import { describe, expect, it } from "vitest";
import { parseMonitorLine } from "../../netfilter/monitor";
import { CauseCollector } from "./cause";

function collect(lines: string[]): CauseCollector {
  const collector = new CauseCollector();
  for (const line of lines) {
    const event = parseMonitorLine(line);
    if (event) collector.add(event);
  }
  return collector;
}

describe("CauseCollector", () => {
  it("names the removal of our table and the process behind it (nft flush ruleset)", () => {
    const collector = collect([
      "delete rule inet lintas forward handle 3",
      "delete chain inet lintas forward",
      "delete table inet lintas",
      "delete table inet filter",
      "# new generation 924 by process 6608 (nft)",
    ]);
    expect(collector.pending).toBe(true);
    expect(collector.take("poll")).toEqual({ trigger: "ruleset", target: "table inet lintas", change: "removed", by: [{ pid: 6608, process: "nft" }] });
    expect(collector.pending).toBe(false);
    expect(collector.take("poll")).toEqual({ trigger: "poll" });
  });

  it("a transaction that deletes and adds the table again changed it (nft -f of a file with the table)", () => {
    const collector = collect(["delete table inet lintas", "add table inet lintas", "add chain inet lintas forward { }", "# new generation 9 by process 31 (nft)"]);
    expect(collector.take("poll")).toMatchObject({ target: "table inet lintas", change: "changed" });
  });

  it("over several transactions, the last one touching our table decides, and every process touching it is named once", () => {
    const collector = collect([
      "add rule inet lintas forward udp dport 9 accept",
      "# new generation 1 by process 10 (nft)",
      "add table inet firewalld",
      "# new generation 2 by process 20 (firewalld)",
      "delete table inet lintas",
      "# new generation 3 by process 20 (firewalld)",
      "delete rule inet lintas forward handle 4",
      "# new generation 4 by process 10 (nft)",
    ]);
    expect(collector.take("poll")).toEqual({
      trigger: "ruleset",
      target: "table inet lintas",
      change: "changed",
      by: [{ pid: 10, process: "nft" }, { pid: 20, process: "firewalld" }],
    });
  });

  it("changes only to other tables name their processes (host openings may be gone)", () => {
    const collector = collect(["delete chain ip filter DOCKER-USER", "# new generation 5 by process 77 (iptables-restor)"]);
    expect(collector.take("start")).toEqual({ trigger: "ruleset", by: [{ pid: 77, process: "iptables-restor" }] });
  });

  it("names the first five processes and counts the rest (a ufw reload is one iptables process per rule)", () => {
    const lines = Array.from({ length: 40 }, (_, i) => [`add rule ip filter ufw-user-forward accept`, `# new generation ${i} by process ${100 + i} (iptables)`]).flat();
    const cause = collect(lines).take("poll");
    expect(cause).toEqual({ trigger: "ruleset", by: [100, 101, 102, 103, 104].map((pid) => ({ pid, process: "iptables" })), more: 35 });
  });

  it("changes whose generation line has not come yet still count, from an unnamed process", () => {
    const collector = collect(["delete table inet lintas"]);
    expect(collector.take("poll")).toEqual({ trigger: "ruleset", target: "table inet lintas", change: "removed", by: [{}] });
  });

  it("set elements and a generation with no change are no cause", () => {
    const collector = collect(["add element ip t s { 1.2.3.4 }", "# new generation 6 by process 5 (nft)"]);
    expect(collector.pending).toBe(false);
    expect(collector.take("start")).toEqual({ trigger: "start" });
  });
});
