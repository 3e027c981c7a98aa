import { redirect } from "next/navigation";
import { adminExists } from "@/lib/auth/setup";
import { currentSession } from "./_server/request";

export default async function Home() {
  if (!(await adminExists())) redirect("/setup");
  redirect((await currentSession()) ? "/vpn" : "/login");
}
