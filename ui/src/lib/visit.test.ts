import { describe, expect, it } from "vitest";
import type { VisitDraft_Serialize as VisitDraft } from "./bindings";
import { partOfProblem, problemCounts } from "./visit";

const draft = {
  answers: [
    { item: { code: "A01", section: "A" }, answer: "", note: "" },
    { item: { code: "F02", section: "F" }, answer: "", note: "" },
  ],
} as unknown as VisitDraft;

describe("partOfProblem", () => {
  it("sends each problem to the part where it is fixed", () => {
    expect(partOfProblem({ problem: "unanswered", code: "F02" }, draft)).toBe("F");
    expect(partOfProblem({ problem: "repeated_text_unconfirmed", field: "note:A01" }, draft)).toBe("A");
    expect(partOfProblem({ problem: "repeated_text_unconfirmed", field: "conclusion" }, draft)).toBe("conclusion");
    expect(partOfProblem({ problem: "bad_number", field: "inventory:3:counted_quantity", text: "x" }, draft)).toBe("inventory");
    expect(partOfProblem({ problem: "bad_number", field: "figure:total_assets", text: "x" }, draft)).toBe("finance");
    expect(partOfProblem({ problem: "too_few_interviews", need: 3, have: 1 }, draft)).toBe("interviews");
    expect(partOfProblem({ problem: "signal_undecided", code: "X01" }, draft)).toBe("signals");
  });
  it("counts problems per part", () => {
    const counts = problemCounts(
      [
        { problem: "unanswered", code: "A01" },
        { problem: "note_needed", code: "A01" },
        { problem: "borrower_not_confirmed" },
      ],
      draft,
    );
    expect(counts.get("A")).toBe(2);
    expect(counts.get("conclusion")).toBe(1);
  });
});
