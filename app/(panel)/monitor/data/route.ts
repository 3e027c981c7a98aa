// GET /monitor/data: the monitor as the page shows it (lib/monitor/payload.ts), for the page's polling. Reads only:
// a session is enough (no Origin check: a same-origin GET carries none, and the session cookie is SameSite=Strict).
import { monitorPayload, monitorView } from "@/lib/monitor";
import { currentSession, currentTranslator } from "../../../_server/request";

const NO_STORE = { "Cache-Control": "no-store" };

export async function GET(): Promise<Response> {
  const session = await currentSession();
  const { t } = await currentTranslator(session);
  if (!session) return Response.json({ error: t("error.auth") }, { status: 401, headers: NO_STORE });
  return Response.json(monitorPayload(await monitorView(), t), { headers: NO_STORE });
}
