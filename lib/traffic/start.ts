// The sampler as `lintas serve` and `lintas watch` run it: the kernel's counters into the data dir's database.
import { sqlite } from "../db/sqlite";
import type { RouterOptions } from "../passthrough/types";
import { kernelTrafficReader } from "./kernel-reader";
import { startTrafficSampler, type RunningSampler } from "./sampler";

export function startKernelTrafficSampler(options: RouterOptions): RunningSampler {
  return startTrafficSampler({ db: sqlite, reader: kernelTrafficReader(options), log: (line) => process.stderr.write(`lintas: ${line}\n`) });
}
