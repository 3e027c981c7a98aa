// What every router operation starts from: the probed capabilities and the chosen backend.
import path from "node:path";
import {
  ApplyError,
  BACKEND_NAMES,
  chooseBackend,
  commandRunner,
  type BackendChoice,
  type BackendName,
  type Capabilities,
  type Network,
  type Runner,
} from "../../netfilter";
import { ApplyFailedError, InputError } from "../errors";
import { message } from "../i18n";
import { refusalMessage } from "./messages";
import { dataDir } from "../paths";
import { currentCapabilities } from "./capabilities-cache";
import type { RouterOptions } from "./types";

export type Environment = { runner: Runner; capabilities: Capabilities; choice: BackendChoice };

export async function environment(options: RouterOptions): Promise<Environment> {
  const runner = options.runner ?? commandRunner();
  const capabilities = await currentCapabilities(runner);
  const override = options.backend ?? backendFromEnv();
  const dryRunFile = path.join(dataDir(), "dry-run-ruleset.json");
  try {
    return { runner, capabilities, choice: chooseBackend(capabilities, { override, runner, dryRunFile }) };
  } catch (error) {
    if (error instanceof ApplyError) throw new ApplyFailedError(refusalMessage(error.refusal));
    throw error;
  }
}

function backendFromEnv(): BackendName | undefined {
  const value = process.env.LINTAS_BACKEND;
  if (!value) return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new InputError(message("error.backendVariable", { value, accepted: BACKEND_NAMES.join(", ") }));
}

export function requireNetwork(network: Network | undefined): Network {
  if (!network) {
    throw new ApplyFailedError(message("error.notConfigured"));
  }
  return network;
}
