// Display formatting of the core's exact values. Money arrives as a decimal string ("5000000.00");
// it is only ever shifted and grouped as text here, never turned into a float.

/** "5000000.00" → "500.00" (万元), rounded half away from zero to two places. */
export function yuanToWan(yuan: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(yuan.trim());
  if (!m) throw new Error(`not a decimal amount: ${yuan}`);
  const sign = m[1] ?? "";
  const digits = (m[2] ?? "0") + (m[3] ?? "").padEnd(2, "0").slice(0, 2); // whole 分
  const padded = digits.padStart(7, "0"); // at least 0.00 万元 + one rounding digit
  // 万元 with 6 decimals = 分 / 10^6; keep 2 and round on the third.
  const intPart = padded.slice(0, padded.length - 6);
  const frac = padded.slice(padded.length - 6);
  let cents = BigInt(intPart + frac.slice(0, 2));
  if (Number(frac[2]) >= 5) cents += 1n;
  const text = cents.toString().padStart(3, "0");
  const whole = text.slice(0, -2).replace(/^0+(?=\d)/, "");
  const neg = sign === "-" && cents !== 0n ? "-" : "";
  return `${neg}${whole}.${text.slice(-2)}`;
}

/** "5000000.00" → "5,000,000.00". */
export function groupYuan(yuan: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(yuan.trim());
  if (!m) throw new Error(`not a decimal amount: ${yuan}`);
  const whole = (m[2] ?? "0").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = (m[3] ?? "").padEnd(2, "0");
  return `${m[1] ?? ""}${whole}.${frac}`;
}

/** Whole days from `from` to `to`, both "YYYY-MM-DD" (calendar dates, no time zone games). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** Today's calendar date on this laptop, as "YYYY-MM-DD". */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Rounds a decimal text half away from zero to `dp` places, as text ("1.235", 2 → "1.24"). */
export function roundDecimal(text: string, dp: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal: ${text}`);
  const sign = m[1] ?? "";
  const frac = (m[3] ?? "").padEnd(dp + 1, "0");
  let units = BigInt((m[2] ?? "0") + frac.slice(0, dp));
  if (Number(frac[dp]) >= 5) units += 1n;
  const s = units.toString().padStart(dp + 1, "0");
  const whole = dp > 0 ? s.slice(0, -dp) : s;
  const out = dp > 0 ? `${whole}.${s.slice(-dp)}` : whole;
  return units === 0n ? out : `${sign}${out}`;
}

/** A ratio as a percent: "-0.3" → "-30.0%", "0.2051" → "20.5%". Exact: shifts the decimal point. */
export function ratioToPercent(ratio: string, dp = 1): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(ratio.trim());
  if (!m) throw new Error(`not a decimal: ${ratio}`);
  const frac = (m[3] ?? "").padEnd(2, "0");
  const shifted = `${m[1] ?? ""}${BigInt((m[2] ?? "0") + frac.slice(0, 2)).toString()}.${frac.slice(2) || "0"}`;
  return `${roundDecimal(shifted, dp)}%`;
}

/** A timestamp from the core ("2026-11-23T16:40:12.5+08:00") as the officer reads it, in the
 *  time zone it was recorded in: "2026-11-23 16:40". Empty for none. */
export function minuteOf(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 16).replace("T", " ") : "";
}

/**
 * An amount as an officer types it ("80,000", "8万", "1234.5", "¥1,000 元") → the decimal yuan
 * text the core takes ("80000", "80000", "1234.5", "1000"); `null` for anything else or finer
 * than 1 分. Shifted as text: "1.23456万" is "12345.6", never a float.
 */
export function typedYuan(text: string): string | null {
  const cleaned = text.trim().replace(/^[¥￥]/, "").replace(/元$/, "").replace(/[,，\s]/g, "");
  const m = /^(\d+)(?:\.(\d+))?(万)?$/.exec(cleaned);
  if (!m) return null;
  let whole = m[1] ?? "0";
  let frac = m[2] ?? "";
  if (m[3]) {
    const shifted = frac.padEnd(4, "0");
    whole = whole + shifted.slice(0, 4);
    frac = shifted.slice(4);
  }
  frac = frac.replace(/0+$/, "");
  if (frac.length > 2) return null;
  whole = whole.replace(/^0+(?=\d)/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/**
 * A `datetime-local` input ("2026-11-23T10:30") as RFC 3339 with this laptop's offset at that
 * moment ("2026-11-23T10:30:00+08:00"), as the core takes times.
 */
export function withOffset(local: string, offsetMinutes = -new Date(`${local}:00`).getTimezoneOffset()): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, "0");
  const mm = String(abs % 60).padStart(2, "0");
  const seconds = local.length === 16 ? ":00" : "";
  return `${local}${seconds}${sign}${hh}:${mm}`;
}

/** A distance as people read it, as the PDF prints it: 850 → "850 米", 1240 → "1.2 公里",
 *  36400 → "36 公里" (units given in the locale's words). */
export function distanceText(metres: number, m: string, km: string): string {
  if (metres < 1000) return `${metres} ${m}`;
  if (metres < 10000) {
    const tenths = Math.floor((metres + 50) / 100);
    return `${Math.floor(tenths / 10)}.${tenths % 10} ${km}`;
  }
  return `${Math.floor((metres + 500) / 1000)} ${km}`;
}
