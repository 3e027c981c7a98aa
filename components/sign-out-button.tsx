"use client";
import { signOut } from "@/app/_actions/session";

export function SignOutButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => void signOut(undefined)} className="text-sm text-slate-600 underline-offset-2 hover:underline dark:text-slate-400">
      {label}
    </button>
  );
}
