// Server-side sessions: a random opaque token in the cookie, its SHA-256 in SQLite. Idle timeout and absolute
// lifetime; a new session at every sign-in (no fixation); revocable one by one or all at once.
import { db } from "../db/client";
import { sqlite, sqliteTimestamp } from "../db/sqlite";
import { randomToken, sha256 } from "./crypto";

export const SESSION = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000, touchEveryMs: 60_000 } as const;

export type SessionUser = { id: number; username: string; totpEnabled: boolean; language: string | null };
export type ActiveSession = { id: string; user: SessionUser };

export async function createSession(userId: number, address: string, userAgent: string): Promise<string> {
  const now = Date.now();
  // Sessions abandoned without signing out are swept here, at the next sign-in.
  await db().session.deleteMany({
    where: { OR: [{ expiresAt: { lte: new Date(now) } }, { lastSeenAt: { lt: new Date(now - SESSION.idleMs) } }] },
  });
  const token = randomToken();
  await db().session.create({
    data: { id: sha256(token), userId, address, userAgent: userAgent.slice(0, 200), expiresAt: new Date(now + SESSION.absoluteMs) },
  });
  return token;
}

type SessionRow = { lastSeenAt: string; expiresAt: string; userId: number; username: string; totpEnabled: number; language: string | null };

/**
 * The session behind a cookie token, if it is still valid; refreshes its idle timer. Every request asks this: it
 * runs on the raw connection (a Prisma query costs ~5 ms of query compilation each time).
 */
export async function sessionFromToken(token: string | undefined, now = new Date()): Promise<ActiveSession | null> {
  if (!token) return null;
  const id = sha256(token);
  const row = sqlite()
    .prepare(
      `SELECT s."lastSeenAt", s."expiresAt", u."id" AS "userId", u."username", u."totpEnabled", u."language"
       FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."id" = ?`,
    )
    .get(id) as SessionRow | undefined;
  if (!row) return null;
  const sinceSeen = now.getTime() - new Date(row.lastSeenAt).getTime();
  if (sinceSeen > SESSION.idleMs || new Date(row.expiresAt) <= now) {
    sqlite().prepare(`DELETE FROM "Session" WHERE "id" = ?`).run(id);
    return null;
  }
  if (sinceSeen > SESSION.touchEveryMs) sqlite().prepare(`UPDATE "Session" SET "lastSeenAt" = ? WHERE "id" = ?`).run(sqliteTimestamp(now), id);
  return { id, user: { id: row.userId, username: row.username, totpEnabled: row.totpEnabled === 1, language: row.language } };
}

export async function endSessionByToken(token: string | undefined): Promise<void> {
  if (token) await db().session.deleteMany({ where: { id: sha256(token) } });
}

export async function listSessions(userId: number) {
  return db().session.findMany({ where: { userId }, orderBy: { lastSeenAt: "desc" } });
}

export async function revokeSession(userId: number, sessionId: string): Promise<boolean> {
  const { count } = await db().session.deleteMany({ where: { id: sessionId, userId } });
  return count > 0;
}

/** Signs a user out everywhere (optionally keeping one session); returns how many were ended. */
export async function revokeAllSessions(userId: number, keep?: string): Promise<number> {
  const { count } = await db().session.deleteMany({ where: { userId, ...(keep ? { id: { not: keep } } : {}) } });
  return count;
}
