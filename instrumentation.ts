// Runs once when a Next server starts (`lintas serve` opts in too; `next start` and `next dev` only here): a
// server lives long, so its conntrack queries and its commands go to kept helper programs (kept-programs.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { keepHelperPrograms } = await import("./netfilter/kept-programs");
  keepHelperPrograms();
}
