// The words of the UI chrome, per locale. Labels of coded values (products, classes, ...) come
// from the core (`labels` command), so the PDF, the CLI and the UI name things alike.
import type { Locale } from "./bindings";
import { en } from "./locales/en";
import { type MessageKey, type Messages, zhCN } from "./locales/zh-CN";
import { zhTW } from "./locales/zh-TW";

export type { MessageKey };

export const messages: Record<Locale, Messages> = { "zh-CN": zhCN, "zh-TW": zhTW, en };

export const localeNames: Record<Locale, string> = {
  "zh-CN": "简体中文",
  "zh-TW": "繁體中文",
  en: "English",
};

export function t(locale: Locale, key: MessageKey): string {
  return messages[locale][key];
}

/** The label of a coded value from the core's `labels` lists, or the code itself. */
export function labelOf<T>(list: { code: T; label: string }[] | undefined, code: T): string {
  return list?.find((x) => x.code === code)?.label ?? String(code);
}

/** A message with its `{name}` places filled from `values`. */
export function tf(locale: Locale, key: MessageKey, values: Record<string, string | number>): string {
  return t(locale, key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
