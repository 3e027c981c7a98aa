// Runs inside a network namespace (started by agent.ts through `ip netns exec`): times commands and HTTP
// requests from there, so a figure holds what a process on that host pays, not the cost of entering the
// namespace. One JSON request per stdin line, one JSON answer per stdout line, in order.
import { createInterface } from "node:readline";
import { timeCommand } from "./timed-spawn";
import type { AgentAnswer, AgentRequest, HttpRequest } from "./agent";

async function http(request: HttpRequest): Promise<{ ms: number; status: number; text: string }> {
  const start = performance.now();
  const response = await fetch(request.url, { method: request.method ?? "GET", headers: request.headers, body: request.body, redirect: "manual" });
  const text = await response.text();
  return { ms: performance.now() - start, status: response.status, text };
}

async function answer(request: AgentRequest): Promise<AgentAnswer> {
  switch (request.op) {
    case "run":
      return timeCommand(request.argv, request.env);
    case "http":
      return http(request.request);
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  let reply: unknown;
  try {
    reply = await answer(JSON.parse(line) as AgentRequest);
  } catch (error) {
    reply = { error: (error as Error).message };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
