// Files and folders are chosen in the app's own native dialog, opened by the core for a purpose
// (choose_path): the core takes a path the window names only when it was chosen there, once.
// The window cannot open a dialog itself, and a typed path is not taken.
import { commands } from "./bindings";
import type { Locale, PathPurpose } from "./bindings";

/** The paths chosen for `purpose` (empty when cancelled), or the reason the dialog failed. */
export async function choosePaths(
  locale: Locale,
  purpose: PathPurpose,
  suggestedName: string | null = null,
): Promise<{ paths: string[] } | { error: string }> {
  const r = await commands.choosePath(locale, purpose, suggestedName);
  return r.status === "ok" ? { paths: r.data } : { error: r.error.message };
}

/** One path chosen for `purpose`, or null (cancelled, or the dialog failed: `onError` hears why). */
export async function choosePath(
  locale: Locale,
  purpose: PathPurpose,
  suggestedName: string | null = null,
  onError: (message: string) => void = () => {},
): Promise<string | null> {
  const r = await choosePaths(locale, purpose, suggestedName);
  if ("error" in r) {
    onError(r.error);
    return null;
  }
  return r.paths[0] ?? null;
}
