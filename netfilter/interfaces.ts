// Which network interfaces exist in the namespace the runner works in.
import { firstLine, type Runner } from "./exec";

export async function listInterfaces(runner: Runner): Promise<string[]> {
  const result = await runner.run(["ip", "-j", "link", "show"]);
  if (result.code !== 0) throw new Error(`cannot list network interfaces: ${firstLine(result.stderr)}`);
  return (JSON.parse(result.stdout) as { ifname: string }[]).map((link) => link.ifname);
}
