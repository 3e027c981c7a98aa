// netfilter/: Lintas's own layer over nftables and iptables. Imports nothing from app/, lib/ or Prisma.
export * from "./config";
export * from "./protocols";
export * from "./switches";
export * from "./model";
export { render, type ProtocolEffect, type Rendered } from "./render";
export { nftText, nftReplaceBatch, TABLE_FAMILY, TABLE_NAME } from "./nft";
export { iptablesRestore } from "./iptables";
export { PROBED_TOOLS, probeCapabilities, probeTools, readForwarding, type Capabilities, type Capability, type ToolCapabilities } from "./capabilities";
export { commandRunner, type Runner } from "./exec";
export { chooseBackend, type BackendChoice } from "./backends/select";
export { nftablesBackend } from "./backends/nftables";
export { iptablesBackend } from "./backends/iptables";
export { ApplyError, BACKEND_NAMES, type ApplyRefusal, type Backend, type BackendName, type Snapshot } from "./backends/types";
export { cutFlows } from "./conntrack";
export { listInterfaces } from "./interfaces";
export { planApply, type Plan, type PlanInput, type PlanRefusal, type PlanResult, type PlanWarning } from "./plan";
export { compareWithKernel, type KernelStatus, type ProtocolStatus, type Drift } from "./status";
export { listVpnFlows, openFlowCounts, type FlowsPage, type VpnFlow } from "./flows";
