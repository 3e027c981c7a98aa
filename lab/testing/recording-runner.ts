// A runner that runs every command for real and remembers it, so a test can say which programs an operation
// started (a cached probe starts none; an nft apply starts nft once).
import type { Runner } from "../../netfilter/exec";

export type RecordingRunner = Runner & { calls: string[][]; programs(): string[] };

export function recordingRunner(inner: Runner): RecordingRunner {
  const calls: string[][] = [];
  return {
    netns: inner.netns,
    calls,
    run(argv, input) {
      calls.push(argv);
      return inner.run(argv, input);
    },
    /** The programs started so far, in order, then forgets them. */
    programs: () => calls.splice(0).map((argv) => argv[0]!),
  };
}
