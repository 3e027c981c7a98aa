export { monitorPayload, type AttemptRow, type FlowRow, type MonitorPayload } from "./payload";
export { monitorView, type MonitorView } from "./view";
