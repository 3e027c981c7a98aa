"use client";
// The recovery codes, shown once: copied to the clipboard or saved as a text file, as the admin prefers.
import { useState } from "react";

export type RecoveryLabels = Record<"intro" | "copy" | "copied" | "copyFailed" | "download" | "fileHeader", string>;

const FILE_NAME = "lintas-recovery-codes.txt";

export function RecoveryCodes({ codes, labels }: { codes: string[]; labels: RecoveryLabels }) {
  const [said, setSaid] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join("\n"));
      setSaid(labels.copied);
    } catch {
      setSaid(labels.copyFailed);
    }
  };
  const download = () => {
    const file = new Blob([`${labels.fileHeader}\n\n${codes.join("\n")}\n`], { type: "text/plain;charset=utf-8" });
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(file), download: FILE_NAME });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href)); // once the download has taken the file
  };
  const button = "rounded-md border border-slate-400 px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800";
  return (
    <div className="space-y-3">
      <p className="text-sm">{labels.intro}</p>
      <ul className="grid max-w-xs grid-cols-2 gap-1 font-mono text-sm" data-testid="recovery-codes" translate="no">
        {codes.map((c) => <li key={c}>{c}</li>)}
      </ul>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={() => void copy()} className={button}>{labels.copy}</button>
        <button type="button" onClick={download} className={button}>{labels.download}</button>
        <p role="status" className="text-sm">{said}</p>
      </div>
    </div>
  );
}
