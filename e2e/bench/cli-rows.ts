// The command line, cold process per call: a switch toggled by `lintas passthrough set` against the same
// change by a shell script and by bare nft, in a throwaway namespace; and `lintas --help` against `node -e 0`.
import { execFileSync } from "node:child_process";
import type { StatusReport } from "../../lib/passthrough";
import { toggleAnchors } from "./anchors";
import { onCleanup } from "./cleanup";
import { cliNamespace, LINTAS } from "./cli-namespace";
import { ratioRow, type Row } from "./report";
import { interleave } from "./stats";
import { timeOk } from "./timed-spawn";

export async function cliToggleRows(toggles: number): Promise<Row[]> {
  const { ns, agent, env, lintas, remove } = cliNamespace("cli");
  try {
    await lintas("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on");
    const stored = JSON.parse(
      execFileSync("ip", ["netns", "exec", ns.name, LINTAS, "status", "--json"], { env: { ...process.env, ...env }, encoding: "utf8" }),
    ) as StatusReport;
    const anchors = await toggleAnchors(ns.runner, { network: stored.network!, passthrough: stored.passthrough }, "pptp");
    const removeAnchors = onCleanup("anchor files", () => anchors.remove());
    for (const on of [true, false]) {
      await lintas("passthrough", "set", `pptp=${on ? "on" : "off"}`);
      await anchors.verifyKernel(on);
    }

    const on = (round: number) => round % 2 === 0;
    const samples = await interleave(toggles, {
      lintas: (round) => lintas("passthrough", "set", `pptp=${on(round) ? "on" : "off"}`),
      script: (round) => agent.run(anchors.script(on(round))),
      nft: (round) => agent.run(["nft", "-j", "-f", anchors.batch(on(round))]),
    });
    await removeAnchors();
    const what = "CLI `lintas passthrough set pptp=on` / `=off`, per toggle, cold process, in a namespace";
    return [
      ratioRow(what, samples.lintas, "10-line shell script, nft -j -f + conntrack -D", samples.script, 3),
      ratioRow("same CLI toggle", samples.lintas, "bare `nft -j -f` of the identical batch", samples.nft),
    ];
  } finally {
    await remove();
  }
}

export async function cliHelpRows(rounds: number): Promise<Row[]> {
  const samples = await interleave(rounds, {
    lintas: () => timeOk([LINTAS, "--help"]),
    // bin/lintas starts node without NODE_EXTRA_CA_CERTS (parsing that file costs tens of ms): so does the anchor.
    node: () => timeOk([process.execPath, "-e", "0"], { NODE_EXTRA_CA_CERTS: "" }),
  });
  return [ratioRow("`lintas --help`", samples.lintas, "`node -e 0`", samples.node)];
}
