// firewalld with LAN in zone internal and WAN in zone external (private D-Bus), reloaded with firewall-cmd --reload.
import { describeHostFirewall } from "./host-firewall-suite";

describeHostFirewall({ profile: "firewalld", loaded: "table inet firewalld", hostTable: "inet firewalld" });
