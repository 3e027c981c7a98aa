// CSRF defence, part 1 of 2: a state-changing request must carry an Origin header naming this very panel:
// scheme, host and port (an http:// page on the panel's address is not the https:// panel).
// (Part 2: the session cookie is SameSite=Strict, so a cross-site request carries no session at all.)
export function isSameOrigin(origin: string | null, ownOrigin: string | null): boolean {
  if (!origin || !ownOrigin || origin === "null") return false;
  try {
    return new URL(origin).origin === new URL(ownOrigin).origin;
  } catch {
    return false;
  }
}
