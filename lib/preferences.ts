import { db } from "./db/client";
import type { Language } from "./i18n";

export async function saveUserLanguage(userId: number, language: Language): Promise<void> {
  await db().user.update({ where: { id: userId }, data: { language } });
}
