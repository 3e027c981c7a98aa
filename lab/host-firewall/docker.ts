// "docker": the rules dockerd leaves on a host (default bridge, no containers), through iptables-nft, for IPv4 and
// IPv6 (ip6tables is on by default since Docker 27): FORWARD policy drop, DOCKER-USER jumped first from FORWARD.
import type { HostFirewallProfile } from "./profile";
import { NO_VIEW, type RouterHost } from "./router-host";

// What dockerd does to the filter table at every start (moby's libnetwork): the admin's DOCKER-USER is created
// once and never flushed; Docker's own chains are emptied and filled again; its FORWARD jumps are deleted and
// inserted at the top again, DOCKER-USER first; the FORWARD policy is set to drop.
const DOCKERD_START = `
for ipt in iptables-nft ip6tables-nft; do
  $ipt -N DOCKER-USER 2>/dev/null || true
  $ipt -C DOCKER-USER -j RETURN 2>/dev/null || $ipt -A DOCKER-USER -j RETURN
  for chain in DOCKER DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2; do
    $ipt -N $chain 2>/dev/null || $ipt -F $chain
  done
  $ipt -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
  $ipt -A DOCKER-ISOLATION-STAGE-1 -j RETURN
  $ipt -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
  $ipt -A DOCKER-ISOLATION-STAGE-2 -j RETURN
  for rule in "-o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT" "-o docker0 -j DOCKER" \\
              "-i docker0 ! -o docker0 -j ACCEPT" "-i docker0 -o docker0 -j ACCEPT"; do
    $ipt -C FORWARD $rule 2>/dev/null || $ipt -A FORWARD $rule
  done
  $ipt -P FORWARD DROP
  for chain in DOCKER-ISOLATION-STAGE-1 DOCKER-USER; do
    $ipt -D FORWARD -j $chain 2>/dev/null || true
    $ipt -I FORWARD -j $chain
  done
done
`;

const dockerdStart = (host: RouterHost) => {
  host.exec(["sh", "-ec", DOCKERD_START]);
};

export const dockerProfile: HostFirewallProfile = {
  summary: "Docker's rules (iptables-nft, IPv4 and IPv6): FORWARD policy drop, DOCKER-USER first; restart = dockerd starting",
  // Docker keeps no firewall configuration on disk: it writes its rules at every start.
  view: () => NO_VIEW,
  install: dockerdStart,
  boot: dockerdStart,
  restart: dockerdStart,
};
