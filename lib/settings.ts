// Stored config: the network and the passthrough switches. The only module that reads or writes them.
import {
  DEFAULT_PASSTHROUGH,
  networkSchema,
  passthroughSchema,
  type LintasConfig,
  type Network,
  type Passthrough,
} from "../netfilter/config";
import { db } from "./db/client";

export type StoredConfig = { network?: Network; passthrough: Passthrough };
export type AppliedInfo = { backend: string; appliedAt: Date };

export async function loadConfig(): Promise<StoredConfig> {
  const [networkRow, rows] = await Promise.all([
    db().network.findUnique({ where: { id: 1 } }),
    db().passthrough.findMany(),
  ]);
  const network = networkRow
    ? networkSchema.parse({
        lanInterfaces: JSON.parse(networkRow.lanInterfaces),
        wanInterface: networkRow.wanInterface,
        masquerade: networkRow.masquerade,
      })
    : undefined;
  const stored = Object.fromEntries(rows.map((row) => [row.protocol, { ...JSON.parse(row.options), enabled: row.enabled }]));
  const passthrough = passthroughSchema.parse({ ...DEFAULT_PASSTHROUGH, ...stored });
  return { network, passthrough };
}

export async function loadApplied(): Promise<AppliedInfo | undefined> {
  const row = await db().appliedState.findUnique({ where: { id: 1 } });
  return row ? { backend: row.backend, appliedAt: row.appliedAt } : undefined;
}

/** Stores a config the kernel has just taken, and when and how it was applied, in one transaction. */
export async function saveApplied(config: LintasConfig, backend: string): Promise<void> {
  const { network, passthrough } = config;
  const networkData = {
    lanInterfaces: JSON.stringify(network.lanInterfaces),
    wanInterface: network.wanInterface,
    masquerade: network.masquerade,
  };
  const appliedAt = new Date();
  await db().$transaction([
    db().network.upsert({ where: { id: 1 }, create: { id: 1, ...networkData }, update: networkData }),
    ...Object.entries(passthrough).map(([protocol, { enabled, ...options }]) =>
      db().passthrough.upsert({
        where: { protocol },
        create: { protocol, enabled, options: JSON.stringify(options) },
        update: { enabled, options: JSON.stringify(options) },
      }),
    ),
    db().appliedState.upsert({ where: { id: 1 }, create: { id: 1, backend, appliedAt }, update: { backend, appliedAt } }),
  ]);
}
