// GET /monitor/traffic?range=hour|day|week: the traffic chart's figures for a period (lib/traffic/chart.ts), for
// the chart when the reader picks another period. Read-only, so no origin check; a session is required.
import { parseTrafficRange, trafficChart } from "@/lib/traffic/chart";
import { serviceError } from "../../../_server/guard";
import { currentSession, currentTranslator } from "../../../_server/request";

export async function GET(request: Request): Promise<Response> {
  const session = await currentSession();
  const { t } = await currentTranslator(session);
  if (!session) return Response.json({ error: t("error.auth") }, { status: 401 });
  try {
    const range = parseTrafficRange(new URL(request.url).searchParams.get("range"));
    return Response.json(trafficChart(range), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const failed = serviceError(error, t);
    if (!failed) throw error;
    return Response.json(failed, { status: 400 });
  }
}
