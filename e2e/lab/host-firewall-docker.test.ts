// Docker's rules through iptables-nft (FORWARD policy drop, DOCKER-USER), restarted as dockerd starting does.
import { describeHostFirewall } from "./host-firewall-suite";

describeHostFirewall({
  profile: "docker",
  loaded: "chain DOCKER-USER",
  hostTable: "ip filter",
  traceEnd: "dropped by table ip filter chain FORWARD, policy drop",
});
