// A timing agent inside a network namespace (netns-agent.ts), driven from here over its stdin and stdout.
import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { succeeded, type Timed } from "./timed-spawn";

export type HttpRequest = { url: string; method?: string; headers?: Record<string, string>; body?: string };
export type HttpAnswer = { ms: number; status: number; text: string };
export type AgentRequest =
  | { op: "run"; argv: string[]; env?: Record<string, string> }
  | { op: "http"; request: HttpRequest };
export type AgentAnswer = Timed | HttpAnswer;

export type Agent = {
  netns: string;
  /** A cold process started in the namespace; milliseconds from spawn to exit. Throws unless it exits 0. */
  run(argv: string[], env?: Record<string, string>): Promise<number>;
  http(request: HttpRequest): Promise<HttpAnswer>;
  stop(): void;
};

const root = path.join(import.meta.dirname, "..", "..");

/** `env`: more environment for the agent (NODE_EXTRA_CA_CERTS: the certificates its HTTPS requests trust). */
export function startAgent(netns: string, env: Record<string, string> = {}): Agent {
  const child = spawn(
    "ip",
    ["netns", "exec", netns, process.execPath, "--import", `file://${root}/node_modules/tsx/dist/loader.mjs`, path.join(import.meta.dirname, "netns-agent.ts")],
    { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, ...env } },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  // One request at a time: each waits for the previous answer, so answers pair with requests by order.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = <T>(request: AgentRequest): Promise<T> => {
    const asked = queue.then(async () => {
      child.stdin.write(JSON.stringify(request) + "\n");
      const { value, done } = await lines.next();
      if (done) throw new Error(`the timing agent in ${netns} exited`);
      const reply = JSON.parse(value) as T & { error?: string };
      if (reply.error) throw new Error(`timing agent in ${netns}: ${reply.error}`);
      return reply;
    });
    queue = asked.catch(() => {});
    return asked;
  };
  return {
    netns,
    run: async (argv, env) => succeeded(argv, await ask<Timed>({ op: "run", argv, env }), ` in ${netns}`),
    http: (request) => ask<HttpAnswer>({ op: "http", request }),
    stop: () => {
      child.stdin.end();
      child.kill("SIGTERM");
    },
  };
}
