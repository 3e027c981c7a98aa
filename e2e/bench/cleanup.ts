// Everything the bench creates (namespaces, servers, temp dirs, the browser) registers how to remove it here;
// it is removed at the end of its stage, at the end of the run, on a failure, and on Ctrl-C.
type Undo = () => unknown | Promise<unknown>;

const undos: { what: string; undo: Undo }[] = [];
let interrupted = false;

/** Ctrl-C (or SIGTERM) arrived: start nothing new. */
export const wasInterrupted = () => interrupted;

/** Registers `undo`; calling the returned function runs it now (once) and forgets it. */
export function onCleanup(what: string, undo: Undo): () => Promise<void> {
  const entry = { what, undo };
  undos.push(entry);
  return async () => {
    const index = undos.indexOf(entry);
    if (index < 0) return;
    undos.splice(index, 1);
    await entry.undo();
  };
}

/** Undoes everything still registered, newest first; a failing undo is reported and the rest still run. */
export async function cleanupAll(): Promise<void> {
  while (undos.length > 0) {
    const { what, undo } = undos.pop()!;
    try {
      await undo();
    } catch (error) {
      process.stderr.write(`bench: cleanup of ${what} failed: ${(error as Error).message}\n`);
    }
  }
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stderr.write(`bench: ${signal}, removing what the bench created\n`);
    void cleanupAll().finally(() => process.exit(130));
  });
}
