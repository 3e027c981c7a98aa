// The router service: change, apply and inspect passthrough. The CLI and the web panel both call this; it is
// the only caller of netfilter/ that changes the kernel.
export { applyStored, parseChanges, setNetwork, setPassthrough } from "./change";
export { allowDevice } from "./allow-device";
export { knownDevices } from "./known-devices";
export { reResolveNames, type MovedName, type NameCheck } from "./re-resolve";
export { flowCounts, openFlows, previewPassthrough, renderStored, showConfig, status, type FlowCounts, type OpenFlows, type Preview, type StatusReport } from "./inspect";
export { forgetCapabilities } from "./capabilities-cache";
export { flowsInUse, flowsToCut, type InUse, type ProtocolUse, type Use } from "./in-use";
export { removeAll } from "./remove";
export { checkHostOpenings, hostOpeningsCheck, hostOpeningsFinding, hostOpeningsRemover, type HostOpeningsCheck } from "./host";
export { hostMessages, ownerName, tableName, verdictMessage } from "./host-messages";
export { causeMessage, trafficReason } from "./verdict";
export type { ApplyReport, PassthroughChanges, RouterOptions } from "./types";
