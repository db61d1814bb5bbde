-- Version 31: the bank's demand that the company pay (代偿要求), recorded the day it came and
-- before anything is paid (seed 004 二（二）"当银行等主债权人提出代偿要求的当日内…向总经理报告…
-- 制定代偿方案…报股东会审批"); once per guarantee, never changed.
CREATE TABLE compensation_demands (
    guarantee_id   INTEGER PRIMARY KEY REFERENCES guarantees(id),
    demanded_on    TEXT NOT NULL CHECK (date(demanded_on) = demanded_on),
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    reference      TEXT,
    recorded_at    TEXT NOT NULL
) STRICT;

CREATE TRIGGER compensation_demands_fixed BEFORE UPDATE ON compensation_demands
BEGIN
    SELECT RAISE(ABORT, 'a demand for payment is not changed');
END;
