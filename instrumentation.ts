// Runs once when a Next server starts (`lintas serve` opts in too; `next start` and `next dev` only here): a
// server lives long, so its conntrack queries go to a kept script instead of starting Python each time.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { keepConntrackQueries } = await import("./netfilter/ctnetlink-keeper");
  keepConntrackQueries();
}
