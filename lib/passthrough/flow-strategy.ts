// How the VPN flows are asked of the kernel. Lintas's rules mark the connections of the flows they see (ct-mark.ts),
// so where they are in the kernel one dump of the marked entries finds them, whatever else the table holds. Where
// they are not (nothing applied yet, the dry-run backend, another backend's rules), the flows are found by port
// among all entries: slower on a large table, right on any.
import type { Strategy } from "../../netfilter";
import { loadApplied } from "../settings";
import type { Environment } from "./environment";

export function flowStrategy(env: Environment): Strategy {
  const backend = env.choice.backend.name;
  return backend !== "dry-run" && loadApplied()?.backend === backend ? "marked" : "auto";
}
