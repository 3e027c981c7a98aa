// CSRF defence, part 1 of 2: a state-changing request must carry an Origin header naming this very host.
// (Part 2: the session cookie is SameSite=Strict, so a cross-site request carries no session at all.)
export function isSameOrigin(origin: string | null, host: string | null): boolean {
  if (!origin || !host || origin === "null") return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
