// The command relay a long-lived panel keeps (kept-programs.ts), one per namespace: a small Python program that
// starts the panel's commands (nft, ip, conntrack...) for it. A big Node process pays for every program it
// starts (fork copies its page tables: ~4.5 ms at 190 MiB, and `ip netns exec` on top in a namespace); the relay
// is small and already in the namespace. It runs each request in a thread of its own, so requests overlap.
// An apply must never run twice: a request the relay loses before it said it took it ("ID ^", written before
// it starts the program) is run directly; one it loses after that is answered as a failure, never run again.
import type { RunResult, Runner } from "./exec";
import { keptPid, keptProgram, PYTHON } from "./kept-programs";

const KIND = "relay";

/** Time for the relay to take a request: beyond that it is wedged (ended, the request run directly). */
const ACKNOWLEDGE_MS = 5_000;
/** Time for a command it took: long, an apply of a big scope takes seconds (beyond: ended, a failure). */
const ANSWER_MS = 120_000;

// One request a line: {"id", "argv", "later": true when input follows}, then, for "later", {"id", "input": text}. Its answer: "ID ^" when taken, "ID +" / "ID !" a piece of stdout / stderr
// each (split at "\n", joined back with "\n": the text exactly), "ID =CODE". It exits when its stdin closes.
const SCRIPT = String.raw`
import json, os, subprocess, sys, threading
lock = threading.Lock()
def send(lines):
    data = b"".join(lines)
    with lock:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
def pieces(rid, mark, data):
    head = b"%d %s" % (rid, mark)
    return [head + piece + b"\n" for piece in data.split(b"\n")]
def run(rid, argv, told):
    send([b"%d ^\n" % rid])
    try:
        child = subprocess.Popen(argv, stdin=subprocess.DEVNULL if told is None else subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as err:
        send([("%d !%s: %s\n" % (rid, argv[0], err.strerror)).encode("utf-8", "replace"), b"%d =127\n" % rid])
        return
    text = None
    if told is not None:
        told[0].wait()
        text = told[1].encode("utf-8")
    out, err = child.communicate(text)
    code = child.returncode if child.returncode >= 0 else 1
    send(pieces(rid, b"+", out) + pieces(rid, b"!", err) + [b"%d =%d\n" % (rid, code)])
waiting = {}
for line in sys.stdin.buffer:
    request = json.loads(line)
    rid = request["id"]
    if "argv" in request:
        told = [threading.Event(), ""] if request.get("later") else None
        if told is not None:
            waiting[rid] = told
        threading.Thread(target=run, args=(rid, request["argv"], told), daemon=True).start()
    elif rid in waiting:
        told = waiting.pop(rid)
        told[1] = request.get("input") or ""
        told[0].set()
os._exit(0)
`;

// The last word names it in `ps` (the script ignores it).
const RELAY_ARGV = [PYTHON, "-I", "-S", "-c", SCRIPT, "lintas-relay"];

/** The process id of the relay kept for the runner's namespace, if one runs (tests and diagnostics). */
export const relayPid = (runner: Pick<Runner, "netns">) => keptPid(runner, KIND);

/**
 * Runs `argv` through the relay kept for the runner's namespace, or with `direct` when none can be kept or the
 * relay provably never started it. `input` as Runner.run takes it: the program starts now, its stdin follows.
 */
export async function relayed(runner: Pick<Runner, "netns" | "start">, argv: string[], input: Promise<string> | undefined, direct: () => Promise<RunResult>): Promise<RunResult> {
  const relay = keptProgram(runner, KIND, RELAY_ARGV);
  if (!relay) return direct();
  const { id, outcome } = relay.ask((id) => JSON.stringify({ id, argv, later: input !== undefined }), { acknowledgeMs: ACKNOWLEDGE_MS, answerMs: ANSWER_MS });
  input?.then(
    (text) => relay.tell(JSON.stringify({ id, input: text })),
    () => relay.tell(JSON.stringify({ id, input: "" })),
  );
  const settled = await outcome;
  if ("answer" in settled) return { code: settled.answer.code, stdout: settled.answer.stdout.join("\n"), stderr: settled.answer.stderr.join("\n") };
  if (settled.lost === "unacknowledged") return direct();
  return { code: 1, stdout: "", stderr: `the command relay ended while it ran ${argv[0]}: its outcome is unknown, not run again\n` };
}
