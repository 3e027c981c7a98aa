// Run inside the lab router as its Lintas runs (lab/lab.ts routerLintasCommand's namespace, files and data dir):
// `view` prints the monitor's view as JSON; `allow PROTOCOL DEVICE SERVER` is the page's "allow this device".
import { monitorView } from "../../lib/monitor";
import { allowDevice } from "../../lib/passthrough";
import type { ProtocolId } from "../../netfilter";

const [verb, protocol, device, server] = process.argv.slice(2);
if (verb === "view") process.stdout.write(JSON.stringify(await monitorView()));
else if (verb === "allow") await allowDevice(protocol as ProtocolId, { device: device!, server });
else throw new Error(`unknown verb ${verb}: view | allow PROTOCOL DEVICE SERVER`);
