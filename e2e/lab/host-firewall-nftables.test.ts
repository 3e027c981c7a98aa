// A strict Debian nftables.conf (forward policy drop), loaded and restarted as nftables.service does (nft -f, flush ruleset).
import { describeHostFirewall } from "./host-firewall-suite";

describeHostFirewall({
  profile: "nftables",
  loaded: "table inet filter",
  hostTable: "inet filter",
  traceEnd: "dropped by table inet filter chain forward, policy drop",
});
