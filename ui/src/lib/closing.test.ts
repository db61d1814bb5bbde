import { describe, expect, it } from "vitest";
import { recordFormOf } from "./closing";

describe("recordFormOf", () => {
  it("gives each report-type task its form", () => {
    expect(recordFormOf("tier_review")).toBe("tier_review");
    expect(recordFormOf("visit_plan")).toBe("visit_plan");
    expect(recordFormOf("signal_report")).toBe("report");
    expect(recordFormOf("head_report")).toBe("report");
    expect(recordFormOf("shareholder_report")).toBe("report");
    expect(recordFormOf("recovery_notice")).toBe("step");
    expect(recordFormOf("authorities_contact")).toBe("step");
    expect(recordFormOf("compensation_report")).toBe("report");
    expect(recordFormOf("recovery_plan")).toBe("step");
    expect(recordFormOf("demand_report")).toBe("report");
    expect(recordFormOf("compensation_plan")).toBe("step");
    expect(recordFormOf("legal_action")).toBe("step");
    expect(recordFormOf("follow_up")).toBe("follow_up");
  });
});
