-- Version 34: a 保后检查表 returned at a step of head office's approval chain (项目经理 → 业务部经理
-- → 风控部主管/风控部经理 → 总经理, seed 004), as head office's update brought it: the step, who
-- returned it and why. The officer corrects the visit and issues a new version; the return is
-- answered once a later version of the visit's report exists.
CREATE TABLE report_returns (
    id             INTEGER PRIMARY KEY,
    document_no    TEXT NOT NULL UNIQUE,
    visit_id       INTEGER NOT NULL REFERENCES visits(id),
    visit_version  INTEGER NOT NULL,
    guarantee_id   INTEGER NOT NULL REFERENCES guarantees(id),
    step           TEXT NOT NULL,
    returned_by    TEXT NOT NULL,
    reason         TEXT NOT NULL,
    returned_on    TEXT NOT NULL CHECK (date(returned_on) = returned_on),
    received_at    TEXT NOT NULL
) STRICT;
CREATE INDEX report_returns_visit ON report_returns(visit_id);

CREATE TRIGGER report_returns_fixed BEFORE UPDATE ON report_returns
BEGIN
    SELECT RAISE(ABORT, 'a return is not changed');
END;
