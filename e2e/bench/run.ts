// `npm run bench`: every figure of issue 8's table from ONE run, each with its same-run anchor, the ratio, the
// target and PASS/FAIL. Prints; asserts nothing (a missed target prints FAIL and the exit code stays 0; only a
// figure that could not be measured at all makes it 1). Needs root and a build: run it through scripts/bench.sh.
// One stage or a few: node --import ./node_modules/tsx/dist/loader.mjs e2e/bench/run.ts --only cli,help
import { cpus, release } from "node:os";
import { applyStageRows } from "./apply";
import { browserApplyRows, firstLoadJsRows } from "./browser-rows";
import { cleanupAll, wasInterrupted } from "./cleanup";
import { cliHelpRows, cliToggleRows } from "./cli-rows";
import { memoryRows } from "./memory-rows";
import { startPanel, type Panel } from "./panel";
import { errorRow, markdownTable, type Row } from "./report";
import { scopeRows } from "./scope-rows";
import { conntrackRows, serverApplyRows } from "./server-rows";
import { trafficRows } from "./traffic-rows";

let panel: Promise<Panel> | undefined;
const usePanel = () => (panel ??= startPanel());

type Stage = { table: "targets" | "detail"; rows: string[]; run: () => Promise<Row[]> };

// In this order: the memory rows run their own panel on loopback before the lab's is loaded with work, and
// the conntrack table is filled last.
const STAGES: Record<string, Stage> = {
  cli: { table: "targets", rows: ["CLI toggle"], run: () => cliToggleRows(30) },
  help: { table: "targets", rows: ["`lintas --help`"], run: () => cliHelpRows(20) },
  memory: { table: "targets", rows: ["panel server RSS"], run: () => memoryRows(1000) },
  js: { table: "targets", rows: ["`/vpn` first-load JS"], run: async () => firstLoadJsRows(await usePanel()) },
  server: { table: "targets", rows: ["Save & apply, server side"], run: async () => serverApplyRows(await usePanel(), 40) },
  browser: { table: "targets", rows: ["Save & apply in the browser"], run: async () => browserApplyRows(await usePanel(), 40) },
  conntrack: { table: "targets", rows: ["Save & apply, GET /vpn and `lintas flows` with 50,000 conntrack entries"], run: async () => conntrackRows(await usePanel(), 32) },
  scope: { table: "targets", rows: ["scope of 1, 1,000 and 10,000 entries"], run: () => scopeRows(10) },
  traffic: { table: "detail", rows: ["traffic sampler tick and table size"], run: () => trafficRows(30) },
  stages: { table: "detail", rows: ["stage by stage"], run: () => applyStageRows(30) },
};

function chosenStages(argv: string[]): string[] {
  const at = argv.indexOf("--only");
  if (at < 0) return Object.keys(STAGES);
  const chosen = (argv[at + 1] ?? "").split(",").filter(Boolean);
  const unknown = chosen.filter((name) => !(name in STAGES));
  if (chosen.length === 0 || unknown.length > 0) {
    throw new Error(`--only takes stage names from: ${Object.keys(STAGES).join(", ")}${unknown.length ? ` (not "${unknown.join(", ")}")` : ""}`);
  }
  return Object.keys(STAGES).filter((name) => chosen.includes(name));
}

if (process.getuid?.() !== 0) {
  process.stderr.write("bench: needs root (it creates network namespaces and a lab router): run `sudo npm run bench`\n");
  process.exit(1);
}
const stages = chosenStages(process.argv.slice(2));
console.log(`Lintas bench, ${new Date().toISOString()}, ${cpus().length} cores, kernel ${release()}, node ${process.version}`);
console.log("This machine is shared and noisy: absolute times drift between runs; only the ratios to same-run anchors count.");

const tables: Record<Stage["table"], Row[]> = { targets: [], detail: [] };
let broken = false;
try {
  for (const name of stages) {
    if (wasInterrupted()) break;
    const stage = STAGES[name]!;
    const started = performance.now();
    process.stderr.write(`bench: ${name} ...\n`);
    try {
      tables[stage.table].push(...(await stage.run()));
    } catch (error) {
      broken = true;
      tables[stage.table].push(...stage.rows.map((what) => errorRow(what, error)));
      process.stderr.write(`bench: ${name} failed: ${(error as Error).stack}\n`);
    }
    process.stderr.write(`bench: ${name} took ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
} finally {
  await cleanupAll();
}
if (tables.targets.length) console.log(`\n${markdownTable(tables.targets)}`);
if (tables.detail.length) console.log(`\nWhere one switch's time goes (detail, no targets):\n\n${markdownTable(tables.detail)}`);
process.exitCode = broken ? 1 : 0;
