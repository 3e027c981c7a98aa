// Signing in and using a session the way the panel's own pages do, through their server actions.
import { callAction, callActionsAtOnce, type ActionCall, type ActionReply } from "./actions";
import { cookieSet, send } from "./http";
import { en } from "../../lib/i18n/en";
import { ADMIN, type Panel } from "./panel";

export const SESSION_COOKIE = "lintas_session";

export type Attempt = {
  /** The page the login form is posted from (default /login). */
  page?: string;
  password?: string;
  username?: string;
  code?: string;
  from?: string;
  origin?: string | null;
  headers?: Record<string, string>;
  cookie?: string;
};

export type SignInReply = ActionReply & {
  /** `lintas_session=TOKEN` when the attempt got a session. */
  session?: string;
  /** The action's refusal text, if it refused. */
  error?: string;
};

export function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

/** One sign-in attempt (the login form's action: previous state, then the form). */
export async function attemptSignIn(panel: Panel, attempt: Attempt = {}): Promise<SignInReply> {
  return signInReply(await callAction(panel.url, { page: attempt.page ?? "/login", ...loginCall(attempt) }));
}

/** Sign-in attempts released in the same instant. */
export async function attemptsAtOnce(panel: Panel, attempts: Attempt[]): Promise<SignInReply[]> {
  return (await callActionsAtOnce(panel.url, "/login", attempts.map(loginCall))).map(signInReply);
}

function loginCall(attempt: Attempt): Omit<ActionCall, "page"> {
  const fields: Record<string, string> = { username: attempt.username ?? ADMIN.username, password: attempt.password ?? ADMIN.password };
  if (attempt.code) fields.code = attempt.code;
  const { from, origin, headers, cookie } = attempt;
  return { file: "app/(auth)/login/actions.ts", action: "loginAction", args: [null, formOf(fields)], from, origin, headers, cookie };
}

function signInReply(reply: ActionReply): SignInReply {
  const token = cookieSet(reply, SESSION_COOKIE)?.value;
  return { ...reply, session: token ? `${SESSION_COOKIE}=${token}` : undefined, error: refusal(reply.value) };
}

/** A sign-in attempt that waits out a throttle delay the server names (once), as a person would. */
export async function patientSignIn(panel: Panel, attempt: Attempt = {}): Promise<SignInReply> {
  const reply = await attemptSignIn(panel, attempt);
  const seconds = throttledSeconds(reply.error);
  if (seconds === undefined) return reply;
  await wait(seconds * 1000 + 200);
  return attemptSignIn(panel, attempt);
}

/** A session for the admin (waiting out a throttle delay once). */
export async function signIn(panel: Panel, attempt: Attempt = {}): Promise<string> {
  const reply = await patientSignIn(panel, attempt);
  if (!reply.session) throw new Error(`sign-in from ${attempt.from ?? "127.0.0.1"} got no session: HTTP ${reply.status}, ${reply.error ?? JSON.stringify(reply.value)}`);
  return reply.session;
}

export function refusal(value: unknown): string | undefined {
  const state = value as { ok?: boolean; error?: string } | undefined;
  return state && state.ok === false ? state.error : undefined;
}

// "Too many failed attempts. Try again in {seconds} s." as a pattern: the seconds the server asks to wait.
const THROTTLED = new RegExp(en["login.throttled"].replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace("{seconds}", "(\\d+)"));

/** The wait a throttled reply names, in seconds; undefined when the reply is no throttle. */
export function throttledSeconds(error: string | undefined): number | undefined {
  const match = error ? THROTTLED.exec(error) : null;
  return match ? Number(match[1]) : undefined;
}

/** Whether `cookie` is a live session: a signed-in page answers 200, a dead session is sent to /login. */
export async function isSignedIn(panel: Panel, cookie: string, from?: string): Promise<boolean> {
  const reply = await send(`${panel.url}/admin`, { headers: { cookie }, from });
  if (reply.status === 200) return true;
  if (reply.status >= 300 && reply.status < 400 && String(reply.headers.location).startsWith("/login")) return false;
  throw new Error(`GET /admin answered ${reply.status}`);
}

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
