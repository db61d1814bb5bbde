// The visit editor's parts and where each problem is fixed, kept out of the component so they
// can be tested.
import type { ChecklistSection, Problem, VisitDraft_Serialize as VisitDraft } from "./bindings";

export type PartId =
  | "basic"
  | ChecklistSection
  | "inventory"
  | "interviews"
  | "finance"
  | "photos"
  | "signals"
  | "conclusion";

export const CHECKLIST_PARTS: ChecklistSection[] = ["A", "B", "C", "D", "E", "F"];

/** The part of the editor where the field named by a field key lives. */
export function partOfField(field: string, draft: VisitDraft): PartId {
  const [kind, rest] = field.split(":", 2);
  if ((kind === "answer" || kind === "note") && rest) {
    return draft.answers.find((a) => a.item.code === rest)?.item.section ?? "A";
  }
  if (kind === "inventory") return "inventory";
  if (kind === "figure") return "finance";
  return "conclusion";
}

/** The part of the editor where a problem is fixed. */
export function partOfProblem(p: Problem, draft: VisitDraft): PartId {
  switch (p.problem) {
    case "unanswered":
    case "note_needed":
      return partOfField(`answer:${p.code}`, draft);
    case "bad_number":
      return partOfField(p.field, draft);
    case "inventory_line_incomplete":
    case "stock_count_missing":
      return "inventory";
    case "interview_incomplete":
    case "too_few_interviews":
      return "interviews";
    case "repeated_text_unconfirmed":
      return partOfField(p.field, draft);
    case "signal_undecided":
      return "signals";
    case "conclusion_missing":
    case "conclusion_without_facts":
    case "suggestion_missing":
    case "borrower_not_confirmed":
      return "conclusion";
  }
}

/** How many problems each part has, for the badges of the part list. */
export function problemCounts(problems: Problem[], draft: VisitDraft): Map<PartId, number> {
  const counts = new Map<PartId, number>();
  for (const p of problems) {
    const part = partOfProblem(p, draft);
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  return counts;
}
