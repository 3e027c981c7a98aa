"use client";
import { SettingForm } from "@/components/setting-form";
import { reapplyAction } from "./actions";

export function ReapplyButton({ label }: { label: string }) {
  return <SettingForm save={() => reapplyAction(undefined)} unchanged={false} label={label} testId="reapply" />;
}
