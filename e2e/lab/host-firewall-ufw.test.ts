// ufw enabled with DEFAULT_FORWARD_POLICY="DROP" (private /etc/ufw), reloaded with ufw reload.
import { describeHostFirewall } from "./host-firewall-suite";

describeHostFirewall({
  profile: "ufw",
  loaded: "chain ufw-user-forward",
  hostTable: "ip filter",
  traceEnd: "dropped by table ip filter chain FORWARD, policy drop",
});
