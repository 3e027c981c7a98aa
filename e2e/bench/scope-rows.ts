// Scopes at scale (issue 12): a PPTP scope of 1, 1,000 and 10,000 LAN entries, each applied from an unscoped
// table, all in one run. Once by the renderer and the nftables backend alone (render + one `nft -j -f`), once by
// `lintas passthrough scope` as an admin runs it (a cold process: validate, resolve, render, apply, read back,
// store, audit). Target: 10,000 entries ≤ 3× one entry.
import { nftablesBackend } from "../../netfilter/backends/nftables";
import { compareWithKernel, configSchema, probeCapabilities, render } from "../../netfilter";
import { cliNamespace } from "./cli-namespace";
import { detailRow, ratioRow, type Row } from "./report";
import { interleave, repeat } from "./stats";

export const SCOPE_SIZES = [1, 1000, 10_000] as const;

/**
 * `n` distinct LAN entries that the kernel keeps as `n` elements: each owns a /28 of 10.0.0.0/8, holding one
 * address (7 in 8) or the whole /28 block (1 in 8), so none touches another and nothing merges.
 */
export function scopeEntries(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const slot = i * 16;
    const base = `10.${(slot >> 16) & 255}.${(slot >> 8) & 255}`;
    return i % 8 === 7 ? `${base}.${slot & 255}/28` : `${base}.${(slot & 255) + 1}`;
  });
}

const network = { lanInterfaces: ["br-lan"], wanInterface: "wan0", masquerade: true };
const configWith = (lan: string[]) => configSchema.parse({ network, passthrough: { pptp: { enabled: true, ...(lan.length && { scope: { lan } }) } } });

export async function scopeRows(rounds: number): Promise<Row[]> {
  const { ns, lintas, remove } = cliNamespace("scope");
  try {
    const capabilities = await probeCapabilities(ns.runner);
    const nft = nftablesBackend(ns.runner);
    const unscoped = render(configWith([]), capabilities).ruleset;
    const configs = Object.fromEntries(SCOPE_SIZES.map((n) => [n, configWith(scopeEntries(n))]));
    /** One sample: the unscoped table put back (not timed), then `work` timed. */
    const fromUnscoped = (work: () => Promise<unknown>) => async () => {
      await nft.apply(unscoped);
      const start = performance.now();
      await work();
      return performance.now() - start;
    };
    const renderAndApply = (n: number) => fromUnscoped(() => nft.apply(render(configs[n]!, capabilities).ruleset));
    const backend = await interleave(rounds, { one: renderAndApply(1), thousand: renderAndApply(1000), tenThousand: renderAndApply(10_000) });

    // Where the 10,000-entry time goes, and what reading it back costs (every status and verify does).
    const big = configs[10_000]!;
    const bigRuleset = render(big, capabilities).ruleset;
    const details = [
      detailRow("scope of 10,000: validate the config (zod, each entry made canonical)", await repeat(rounds, () => configSchema.parse({ network, passthrough: { pptp: { enabled: true, scope: { lan: scopeEntries(10_000) } } } }))),
      detailRow("scope of 10,000: render (pure)", await repeat(rounds, () => render(big, capabilities))),
      detailRow("scope of 10,000: nft -j -f alone (rendered beforehand), from an unscoped table", (await interleave(rounds, { apply: fromUnscoped(() => nft.apply(bigRuleset)) })).apply),
      detailRow("scope of 10,000 installed: nftables read-back + compare", await repeat(rounds, async () => compareWithKernel(big, capabilities, nft, await nft.read()))),
      detailRow("scope of 10,000 installed: render + apply it again (a switch toggled elsewhere, a repair, a boot)", await repeat(rounds, () => nft.apply(render(big, capabilities).ruleset))),
    ];
    await nft.remove();

    await lintas("network", "set", "--lan", "br-lan", "--wan", "wan0", "--masquerade", "on");
    await lintas("passthrough", "set", "pptp=on");
    const cliScope = (n: number) => async () => {
      await lintas("passthrough", "scope", "pptp", "--clear");
      return lintas("passthrough", "scope", "pptp", "--allow-lan", scopeEntries(n).join(","));
    };
    const cli = await interleave(rounds, { one: cliScope(1), thousand: cliScope(1000), tenThousand: cliScope(10_000) });

    const applied = "PPTP scope of 10,000 LAN entries (1 in 8 a /28), from an unscoped table";
    return [
      ratioRow(`${applied}: render + nftables apply (one nft -j -f)`, backend.tenThousand, "1 entry", backend.one, 3),
      ratioRow("same, 1,000 entries", backend.thousand, "1 entry", backend.one),
      ratioRow(`${applied}: \`lintas passthrough scope pptp --allow-lan …\`, cold process in a namespace`, cli.tenThousand, "1 entry", cli.one, 3),
      ratioRow("same CLI, 1,000 entries", cli.thousand, "1 entry", cli.one),
      ...details,
    ];
  } finally {
    await remove();
  }
}
