// The panel server as a LAN client meets it: Save & apply (the server action) and GET /vpn, interleaved with
// bare `nft -j -f` of the identical batch in the router, the way the server itself would run nft; then the same
// with 50,000 conntrack entries in the router, and `lintas flows` against `conntrack -L` of that table.
import { spawnSync } from "node:child_process";
import { commandRunner } from "../../netfilter";
import type { StatusReport } from "../../lib/passthrough";
import { routerLintas } from "../../lab/lab";
import { fillConntrack } from "../../lab/testing/fill-conntrack";
import { VPN_CT_MARK } from "../../netfilter/ct-mark";
import { toggleAnchors, type ToggleAnchors } from "./anchors";
import { applyActionOf, type ApplyAction } from "./apply-action";
import { onCleanup } from "./cleanup";
import { LINTAS } from "./cli-namespace";
import { PANEL_URL, type Panel } from "./panel";
import { budgetRow, ratioRow, valueRow, type Row } from "./report";
import { duration, interleave, p50, p95, type Samples } from "./stats";

const CONNTRACK_ENTRIES = 50_000;

type ServerTools = { action: ApplyAction; anchors: ToggleAnchors };
/** `apply`: the report's server-side timing (the round trip while the report has none); `roundTrip`: from the LAN. */
/** `stages`: the report's other timings (planMs, applyMs, verifyMs), by name. */
type LoopSamples = { apply: Samples; roundTrip: Samples; fromReport: boolean; stages: Record<string, Samples>; nft: Samples };

const toolsOf = new WeakMap<Panel, Promise<ServerTools>>();

/** The action replay and the anchor batches, made once per panel. */
export function serverTools(panel: Panel): Promise<ServerTools> {
  if (!toolsOf.has(panel)) toolsOf.set(panel, makeServerTools(panel));
  return toolsOf.get(panel)!;
}

async function makeServerTools(panel: Panel): Promise<ServerTools> {
  const action = await applyActionOf(panel);
  const status = routerLintas(panel.lab, ["status", "--json"]);
  if (status.code !== 0) throw new Error(`lintas status in the lab router failed: ${status.stderr}`);
  const stored = JSON.parse(status.stdout) as StatusReport;
  const anchors = await toggleAnchors(commandRunner(panel.lab.router), { network: stored.network!, passthrough: stored.passthrough }, "pptp");
  onCleanup("anchor files", () => anchors.remove());
  return { action, anchors };
}

async function serverLoop(panel: Panel, rounds: number): Promise<LoopSamples> {
  const { action, anchors } = await serverTools(panel);
  const roundTrip: Samples = [];
  const stages: Record<string, Samples> = {};
  let fromReport = true;
  const on = (round: number) => round % 2 === 0;
  const samples = await interleave(rounds, {
    apply: async (round) => {
      const { roundTripMs, timings } = await action(on(round));
      const { totalMs, ...byStage } = timings ?? {};
      if (round >= 0) {
        // round -1 is the loop's warm-up
        roundTrip.push(roundTripMs);
        for (const [stage, ms] of Object.entries(byStage)) (stages[stage] ??= []).push(ms);
      }
      fromReport &&= totalMs !== undefined;
      return totalMs ?? roundTripMs;
    },
    nft: (round) => panel.router.run(["nft", "-j", "-f", anchors.batch(on(round))]),
  });
  return { ...samples, roundTrip, stages, fromReport };
}

/**
 * GET /vpn alone, `rounds` times. It starts a second after the last apply: an apply answers before it cuts open
 * flows (in the background, under the apply lock), and that cut must not be counted as the page's time.
 */
async function pageLoop(panel: Panel, rounds: number): Promise<Samples> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const { vpn } = await interleave(rounds, {
    vpn: async () => {
      const answer = await panel.lan.http({ url: `${PANEL_URL}/vpn`, headers: { Cookie: panel.cookie } });
      if (answer.status !== 200) throw new Error(`GET /vpn answered HTTP ${answer.status}`);
      return answer.ms;
    },
  });
  return vpn;
}

const NFT_ANCHOR = "bare `nft -j -f`, identical batch, same loop, in the router";

export async function serverApplyRows(panel: Panel, toggles: number): Promise<Row[]> {
  const loop = await serverLoop(panel, toggles);
  if (!loop.fromReport) {
    return [budgetRow("Save & apply, server side: HTTP round trip of the action from the LAN host (the apply report has no timings)", loop.apply, NFT_ANCHOR, loop.nft, 1.5, 20)];
  }
  return [
    budgetRow("Save & apply, server side: pipeline start -> verified read-back (the apply report's timings.totalMs)", loop.apply, NFT_ANCHOR, loop.nft, 1.5, 20),
    ratioRow("same Save & apply, HTTP round trip of the action from the LAN host", loop.roundTrip, NFT_ANCHOR, loop.nft),
    valueRow(
      "same Save & apply, by stage of the apply report",
      Object.entries(loop.stages).map(([stage, ms]) => `${stage} p50 ${duration(p50(ms))}, p95 ${duration(p95(ms))}`).join("; "),
      0,
    ),
  ];
}

type TableSamples = Omit<LoopSamples, "stages"> & { vpn: Samples };

/** Save & apply (with its anchor), then GET /vpn, `rounds` of each, with the table as it is. */
async function tableLoop(panel: Panel, rounds: number): Promise<TableSamples> {
  const { stages: _stages, ...loop } = await serverLoop(panel, rounds);
  return { ...loop, vpn: await pageLoop(panel, rounds) };
}

/** Loops' samples as one. */
function joined(loops: TableSamples[]): TableSamples {
  const all = (key: "apply" | "roundTrip" | "nft" | "vpn") => loops.flatMap((loop) => loop[key]);
  return { apply: all("apply"), roundTrip: all("roundTrip"), fromReport: loops.every((l) => l.fromReport), nft: all("nft"), vpn: all("vpn") };
}

// Blocks with the table empty and full in the order A B B A A B B A: a machine that slows down or speeds up
// during the stage weighs on both sides alike.
const BLOCKS = ["empty", "full", "full", "empty", "empty", "full", "full", "empty"] as const;

/**
 * Save & apply and GET /vpn with the router's conntrack table empty and holding 50,000 entries, `rounds`
 * samples each way; `lintas flows` against `conntrack -L` while it is full.
 */
export async function conntrackRows(panel: Panel, rounds: number): Promise<Row[]> {
  const samples = { empty: [] as TableSamples[], full: [] as TableSamples[] };
  let table: "empty" | "full" = "empty";
  let entries = 0;
  let flows: Record<"lintas" | "conntrack", Samples> | undefined;
  for (const block of BLOCKS) {
    if (block !== table) {
      if (block === "full") entries = await fill(panel);
      else await panel.router.run(["conntrack", "-F"]);
      table = block;
    }
    samples[block].push(await tableLoop(panel, Math.ceil((rounds * 2) / BLOCKS.length)));
    if (block === "full" && !flows) {
      const env = { LINTAS_DATA_DIR: panel.lab.dataDir, LINTAS_BACKEND: "" };
      flows = await interleave(rounds, {
        lintas: () => panel.router.run([LINTAS, "flows"], env),
        conntrack: () => panel.router.run(["conntrack", "-L"]),
      });
    }
  }
  const [none, full] = [joined(samples.empty), joined(samples.full)];
  const count = entries.toLocaleString("en");
  return [
    ratioRow(`Save & apply with ${count} conntrack entries in the router (${full.fromReport ? "timings.totalMs" : "round trip"})`, full.apply, "same with none", none.apply, 1.2),
    ...(full.fromReport ? [ratioRow("same Save & apply, HTTP round trip from the LAN host", full.roundTrip, "same with none", none.roundTrip)] : []),
    ratioRow(`GET \`/vpn\` with ${count} conntrack entries`, full.vpn, "same with none", none.vpn, 1.2),
    ratioRow(`\`lintas flows\` with ${count} entries, cold process`, flows!.lintas, "`conntrack -L` of the same table", flows!.conntrack, 1.5),
  ];
}

/** Fills the router's conntrack table; returns how many entries it then holds. */
async function fill(panel: Panel): Promise<number> {
  // The VPN entries marked as Lintas's rules would have marked the flows they passed (ct-mark.ts).
  fillConntrack(panel.lab.router, { unrelated: CONNTRACK_ENTRIES, vpnMark: VPN_CT_MARK });
  const entries = Number(spawnSync("ip", ["netns", "exec", panel.lab.router, "conntrack", "-C"], { encoding: "utf8" }).stdout.trim());
  if (!(entries >= CONNTRACK_ENTRIES)) throw new Error(`the router's conntrack table holds ${entries} entries after the fill, not ${CONNTRACK_ENTRIES}`);
  return entries;
}
