// The host firewall beside Lintas: read it, judge what it does to each protocol, keep Lintas's openings in it.
export type { HostRuleset, Packet } from "./model";
export { evaluatePacket, type PacketVerdict, type Stop, type TableRef, type UnknownReason } from "./evaluate";
export { judgeProtocols, type HostVerdict, type PacketLabel } from "./judge";
export { judgeTraffic, unknownTraffic, type FlowTraffic, type TrafficCause, type TrafficVerdict } from "./traffic";
export { openingText, type Opening, type OpeningChanges } from "./openings";
export type { Owner } from "./owners";
export { checkHost, planOpenings, type HostCheck, type HostPlan, type HostPlanInput } from "./plan";
export { hostReport, type HostProtocolReport, type HostReport, type OpenedIn } from "./report";
export { readHost, type HostRead } from "./read";
export { applyOpenings, type OpeningFailure, type OpeningsApplied } from "./apply";
export { removeAllOpenings, type OpeningsRemoved } from "./remove";
