// Which short form closes a task of each kind (the core says whether a record closes it at all:
// TaskView.closes_by_record).
import type { TaskKind } from "./bindings";

export type RecordForm = "tier_review" | "visit_plan" | "report" | "step" | "follow_up";

export function recordFormOf(kind: TaskKind): RecordForm {
  switch (kind) {
    case "tier_review":
      return "tier_review";
    case "visit_plan":
      return "visit_plan";
    case "signal_report":
    case "head_report":
    case "demand_report":
    case "compensation_report":
    case "shareholder_report":
      return "report";
    case "compensation_plan":
    case "recovery_plan":
    case "recovery_notice":
    case "legal_adviser_notice":
    case "legal_action":
    case "authorities_contact":
      return "step";
    default:
      return "follow_up";
  }
}
