// The window's check of a new passphrase before it is sent (typed twice, long enough), so the
// officer hears at once; the core checks it again and is the one that decides.
import type { Locale } from "./bindings";
import { t } from "./i18n";

/** What is wrong with a new passphrase and its repetition, or null. */
export function newPassphraseProblem(locale: Locale, passphrase: string, again: string, minChars: number): string | null {
  if ([...passphrase.trim()].length < minChars) return `${t(locale, "passphraseTooShort")}${minChars}`;
  if (passphrase !== again) return t(locale, "passphraseMismatch");
  return null;
}
