// firewalld with LAN in zone internal and WAN in zone external (private D-Bus), reloaded with firewall-cmd --reload.
import { describeHostFirewall } from "./host-firewall-suite";

describeHostFirewall({
  profile: "firewalld",
  loaded: "table inet firewalld",
  hostTable: "inet firewalld",
  traceEnd: "rejected by table inet firewalld chain filter_FWD_internal, rule: reject with icmpx admin-prohibited",
});
