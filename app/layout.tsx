import type { Metadata, Viewport } from "next";
import { WordsProvider } from "@/components/words";
import { currentTranslator } from "./_server/request";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await currentTranslator();
  return { title: `${t("app.name")} — ${t("app.tagline")}`, icons: { icon: "/favicon.svg" } };
}
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// The language is the one the page's text is in (the signed-in admin's choice included), so lang and title agree with it.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { lang, t } = await currentTranslator();
  return (
    <html lang={lang}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <WordsProvider words={{ lang, on: t("switch.on"), off: t("switch.off"), show: t("password.show"), hide: t("password.hide") }}>{children}</WordsProvider>
      </body>
    </html>
  );
}
