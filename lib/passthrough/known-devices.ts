// The LAN devices the router knows now, for the panel's device picker (a scope names them by name or MAC).
import { commandRunner, type Device } from "../../netfilter";
import { loadConfig } from "../settings";
import { listDevices } from "./scope-names";
import type { RouterOptions } from "./types";

/** From the DHCP leases and the neighbour table on the LAN interfaces; none before the network is set. */
export async function knownDevices(options: RouterOptions = {}): Promise<Device[]> {
  const { network } = loadConfig();
  return network ? listDevices(network, options.runner ?? commandRunner()) : [];
}
