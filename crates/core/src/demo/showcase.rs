//! Visits of the demo made the way an officer makes them, through the visit editor: a completed
//! and corrected visit that exercises every part (checklist with an abnormal answer, stock count
//! under the pledged minimum, three worker interviews, financial figures, camera photos with EXIF,
//! proposed signals raised and dismissed, borrower's confirmation), and a visit left half-filled
//! at the factory, to be resumed.

use super::photos::{signature_png, warehouse_jpeg};
use crate::checklist::{AnswerKind, ChecklistTemplate};
use crate::draft::review::review;
use crate::draft::{InterviewValue, InventoryColumn, VisitEdit, VisitStart};
use crate::policy::Policy;
use crate::signals::SignalCatalog;
use crate::store::{Store, StoreResult};
use crate::tasks::TaskKind;
use crate::visit::{FinancialMetric, SignatureRole, VisitId, VisitKind, VisitMethod};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone};
use rusqlite::OptionalExtension;
use rust_decimal::Decimal;

/// What the showcase added: (visits, signals).
pub(super) fn write(store: &mut Store, today: NaiveDate) -> StoreResult<(usize, usize)> {
    let policy = Policy::builtin();
    let catalog = SignalCatalog::builtin();
    let template = ChecklistTemplate::builtin();
    let mut w = Showcase {
        store,
        policy: &policy,
        catalog: &catalog,
        template: &template,
        signals: 0,
    };
    let mut visits = 0;
    if let Some(g) = w.pledged_guarantee()? {
        w.full_visit(g, today - Duration::days(3))?;
        visits += 1;
    }
    if let Some(g) = w.plain_guarantee()? {
        w.half_visit(g, today)?;
        visits += 1;
    }
    Ok((visits, w.signals))
}

struct Guarantee {
    id: i64,
    officer: i64,
    representative: String,
    latitude: Option<Decimal>,
    longitude: Option<Decimal>,
}

struct Showcase<'a> {
    store: &'a mut Store,
    policy: &'a Policy,
    catalog: &'a SignalCatalog,
    template: &'a ChecklistTemplate,
    signals: usize,
}

fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(8 * 3600).expect("UTC+8");
    tz.from_local_datetime(&day.and_hms_opt(h, m, 0).expect("a time of day"))
        .single()
        .expect("a fixed offset has one reading")
}

impl Showcase<'_> {
    fn find(&self, sql: &str) -> StoreResult<Option<Guarantee>> {
        Ok(self
            .store
            .conn()
            .query_row(sql, [], |r| {
                Ok(Guarantee {
                    id: r.get(0)?,
                    officer: r.get(1)?,
                    representative: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    latitude: r.get::<_, Option<String>>(3)?.and_then(|t| t.parse().ok()),
                    longitude: r.get::<_, Option<String>>(4)?.and_then(|t| t.parse().ok()),
                })
            })
            .optional()?)
    }

    /// An active guarantee of a company with pledged goods and no open signal.
    fn pledged_guarantee(&self) -> StoreResult<Option<Guarantee>> {
        self.find(
            "SELECT g.id, g.officer_a_id, b.legal_representative, b.site_latitude, b.site_longitude
             FROM guarantees g JOIN borrowers b ON b.id = g.borrower_id
             WHERE g.status = 'active' AND g.product = 'working_capital_loan'
               AND EXISTS (SELECT 1 FROM counter_guarantees c WHERE c.guarantee_id = g.id
                           AND c.kind = 'pledge' AND c.minimum_stock IS NOT NULL)
               AND NOT EXISTS (SELECT 1 FROM signals s WHERE s.guarantee_id = g.id AND s.status = 'open')
               AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.guarantee_id = g.id AND v.status = 'draft')
             ORDER BY g.id LIMIT 1",
        )
    }

    /// Another active guarantee, with no pledge and no draft.
    fn plain_guarantee(&self) -> StoreResult<Option<Guarantee>> {
        self.find(
            "SELECT g.id, g.officer_a_id, b.legal_representative, b.site_latitude, b.site_longitude
             FROM guarantees g JOIN borrowers b ON b.id = g.borrower_id
             WHERE g.status = 'active' AND g.product = 'working_capital_loan' AND g.risk_tier = 3
               AND NOT EXISTS (SELECT 1 FROM counter_guarantees c WHERE c.guarantee_id = g.id
                               AND c.kind = 'pledge')
               AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.guarantee_id = g.id AND v.status = 'draft')
             ORDER BY g.id DESC LIMIT 1",
        )
    }

    fn edit(
        &mut self,
        id: VisitId,
        edit: VisitEdit,
        now: DateTime<FixedOffset>,
    ) -> StoreResult<Option<i64>> {
        Ok(self
            .store
            .edit_visit(id, &edit, self.policy, self.catalog, now)?
            .new_id)
    }

    fn start(
        &mut self,
        g: &Guarantee,
        day: NaiveDate,
        kind: VisitKind,
        from: TaskKind,
    ) -> StoreResult<VisitId> {
        self.store.start_visit(
            &VisitStart {
                guarantee_id: g.id,
                kind,
                method: VisitMethod::OnSite,
                visit_date: day,
                officer_id: g.officer,
                started_from: Some(from),
            },
            self.policy,
            self.template,
            at(day, 9, 30),
        )
    }

    fn full_visit(&mut self, g: Guarantee, day: NaiveDate) -> StoreResult<()> {
        let id = self.start(&g, day, VisitKind::Periodic, TaskKind::PeriodicCheck)?;
        let now = at(day, 10, 0);
        let draft = self.store.visit_draft(id)?;
        for a in &draft.answers {
            let (answer, note) = match (a.item.code.as_str(), a.item.answer) {
                // A dispute recorded as a fact: not 004 item 21, which is a 重大 one that
                // stops the firm operating and repaying.
                ("A04", _) => (
                    "有一般纠纷".to_owned(),
                    "上游供应商湖州金盛化纤诉货款纠纷，标的86万元（约占净资产3%，已足额计提），已于11月开庭"
                        .to_owned(),
                ),
                // The pledged goods are counted on this visit: their supervisor is at work.
                ("D05", _) if !draft.inventory.is_empty() => ("正常".to_owned(), String::new()),
                (_, AnswerKind::Choice) => (a.item.options[0].clone(), String::new()),
                ("A02", _) => (
                    "涤纶短纤进价10月每吨上涨约300元，产品出厂价未同步上调".into(),
                    String::new(),
                ),
                ("A06", _) => ("厂房主体已封顶，完成投资约65%".into(), String::new()),
                ("C03", _) => (
                    "征信显示新增农商行流动资金贷款300万元，对外担保余额500万元".into(),
                    String::new(),
                ),
                ("E03", _) => ("未发现负面报道".into(), String::new()),
                ("F03", _) => (
                    "核对购销合同HT-2026-118、HT-2026-121，合计412万元，已按合同发货并开票".into(),
                    String::new(),
                ),
                (code, AnswerKind::Text) => {
                    (format!("{code}：现场核实，详见附件照片"), String::new())
                }
            };
            self.edit(
                id,
                VisitEdit::Answer {
                    code: a.item.code.clone(),
                    answer,
                },
                now,
            )?;
            if !note.is_empty() {
                self.edit(
                    id,
                    VisitEdit::AnswerNote {
                        code: a.item.code.clone(),
                        note,
                    },
                    now,
                )?;
            }
        }
        // The pledged goods, counted under their minimum; and a second line of finished goods.
        let goods = draft
            .inventory
            .first()
            .map(|l| l.goods_name.split('（').next().unwrap_or("").to_owned())
            .unwrap_or_else(|| "质押物".to_owned());
        if let Some(line) = draft.inventory.first() {
            let minimum: Decimal = line.pledged_minimum.parse().unwrap_or(Decimal::from(100));
            let book = (minimum * Decimal::new(125, 2)).round();
            let counted = (minimum * Decimal::new(88, 2)).round();
            for (column, text) in [
                (InventoryColumn::BookQuantity, book.to_string()),
                (InventoryColumn::CountedQuantity, counted.to_string()),
                (InventoryColumn::Note, "仓库东区三排，监管员在场".to_owned()),
            ] {
                self.edit(
                    id,
                    VisitEdit::InventoryText {
                        line_id: line.id,
                        column,
                        text,
                    },
                    now,
                )?;
            }
        }
        if let Some(line) = self.edit(id, VisitEdit::AddInventoryLine, now)? {
            for (column, text) in [
                (InventoryColumn::GoodsName, "产成品（坯布）"),
                (InventoryColumn::Unit, "米"),
                (InventoryColumn::BookQuantity, "86,000"),
                (InventoryColumn::CountedQuantity, "84,500"),
                (InventoryColumn::LastCountQuantity, "80000"),
            ] {
                self.edit(
                    id,
                    VisitEdit::InventoryText {
                        line_id: line,
                        column,
                        text: text.into(),
                    },
                    now,
                )?;
            }
        }
        // Three workers chosen at random; one is owed two months' wages.
        let workers: [(&str, u32, bool, u32, &str); 3] = [
            ("挡车工", 4, true, 0, "订单排到明年一月"),
            ("仓库搬运工", 2, false, 2, "说九、十月工资还没发"),
            ("机修工", 7, true, 0, "两条线在检修"),
        ];
        for (role, years, paid, owed, orders) in workers {
            if let Some(w) = self.edit(id, VisitEdit::AddInterview, now)? {
                for value in [
                    InterviewValue::Role(role.into()),
                    InterviewValue::YearsAtFirm(Some(years)),
                    InterviewValue::WagesPaidOnTime(paid),
                    InterviewValue::MonthsInArrears(owed),
                    InterviewValue::ShiftsPerDay(Some(2)),
                    InterviewValue::OrdersOnHand(orders.into()),
                ] {
                    self.edit(
                        id,
                        VisitEdit::Interview {
                            interview_id: w,
                            value,
                        },
                        now,
                    )?;
                }
            }
        }
        for (metric, value) in [
            (FinancialMetric::TotalAssets, "6,850"),
            (FinancialMetric::TotalLiabilities, "4,180"),
            (FinancialMetric::CurrentAssets, "3,920"),
            (FinancialMetric::CurrentLiabilities, "3,050"),
            (FinancialMetric::Inventory, "1,460"),
            (FinancialMetric::AccountsReceivable, "1,120"),
            (FinancialMetric::MonthlySales, "610"),
            (FinancialMetric::MonthlyCostOfSales, "528"),
            (FinancialMetric::MonthlyProfit, "21.5"),
            (FinancialMetric::NetCashFlow, "36"),
        ] {
            self.edit(
                id,
                VisitEdit::Figure {
                    metric,
                    text: value.into(),
                },
                now,
            )?;
        }
        // Photos off the phone: two at the site that day, one old one picked by mistake.
        let site = g.latitude.zip(g.longitude);
        let shots = [
            (
                "IMG_20261120_101522.jpg",
                [196, 176, 120],
                day.and_hms_opt(10, 15, 22),
                Some("质押物堆位，监管员在场"),
                Some("D02"),
            ),
            (
                "IMG_20261120_103940.jpg",
                [120, 150, 190],
                day.and_hms_opt(10, 39, 40),
                Some("织造车间，8台织机中6台开机"),
                Some("A01"),
            ),
            (
                "IMG_20260802_154010.jpg",
                [150, 190, 130],
                (day - Duration::days(110)).and_hms_opt(15, 40, 10),
                None,
                None,
            ),
        ];
        for (n, (name, colour, taken, caption, item)) in shots.into_iter().enumerate() {
            // Each a different warehouse scene (its colour seeds it), as real photos differ.
            let colour: [u8; 3] = colour;
            let seed = colour.iter().fold(0u64, |s, c| s << 8 | u64::from(*c));
            let shot = crate::demo::warehouse::Shot {
                x: n as f32 * 0.2 - 0.2,
                ..Default::default()
            };
            let bytes = warehouse_jpeg(seed, shot, 1280, 960, taken, site);
            // As the app takes a photo in: its page copy made as it is read.
            let read = crate::photos::from_bytes(name, bytes)
                .map_err(|e| crate::store::StoreError::Invalid(e.to_string()))?
                .with_page_copy(self.store.visit_page_spec(id)?);
            if let Some(p) = self.store.add_photo(id, &read, now)? {
                if let Some(c) = caption {
                    self.edit(
                        id,
                        VisitEdit::PhotoCaption {
                            photo_id: p.id,
                            caption: c.into(),
                        },
                        now,
                    )?;
                }
                self.edit(
                    id,
                    VisitEdit::PhotoItem {
                        photo_id: p.id,
                        item: item.map(Into::into),
                    },
                    now,
                )?;
            }
        }
        // The signals the rules propose all stand.
        let draft = self.store.visit_draft(id)?;
        for p in review(&draft, self.policy, self.catalog).proposed {
            self.edit(id, VisitEdit::AcceptSignal { code: p.code }, now)?;
            self.signals += 1;
        }
        let conclusion = format!(
            "8台织机6台开机，订单排至明年一月；质押{goods}实盘低于最低库存量约12%，账实差异约30%，仓库搬运工反映九、十月工资未发。已发出预警，要求企业5个工作日内补足质押物并说明工资发放情况。"
        );
        self.edit(
            id,
            VisitEdit::Conclusion { text: conclusion },
            at(day, 16, 30),
        )?;
        self.edit(id, VisitEdit::Measures { text: "1. 通知贷款银行，关注企业账户资金；2. 要求补足质押物至最低库存量以上；3. 两周内复查工资发放情况。".into() }, at(day, 16, 35))?;
        let by = if g.representative.is_empty() {
            "企业负责人".to_owned()
        } else {
            g.representative.clone()
        };
        self.store
            .confirm_by_borrower(id, &by, self.policy, self.catalog, at(day, 17, 10))?;
        self.sign(id, &by, at(day, 17, 12))?;
        self.store
            .complete_visit(id, self.policy, self.catalog, at(day, 17, 20))?;
        // Next morning the officer finds a transcription slip and corrects it as version 2.
        let next = day + Duration::days(1);
        self.store.reopen_visit(
            id,
            "第二行产成品上次盘点数抄错，应为 82,000 米",
            at(next, 8, 40),
        )?;
        let draft = self.store.visit_draft(id)?;
        if let Some(line) = draft.inventory.get(1) {
            self.edit(
                id,
                VisitEdit::InventoryText {
                    line_id: line.id,
                    column: InventoryColumn::LastCountQuantity,
                    text: "82000".into(),
                },
                at(next, 8, 45),
            )?;
        }
        self.store
            .confirm_by_borrower(id, &by, self.policy, self.catalog, at(next, 9, 30))?;
        self.sign(id, &by, at(next, 9, 32))?;
        self.store
            .complete_visit(id, self.policy, self.catalog, at(next, 9, 35))?;
        Ok(())
    }

    /// The officer and the borrower's representative sign on the laptop's screen.
    fn sign(
        &mut self,
        id: VisitId,
        representative: &str,
        when: DateTime<FixedOffset>,
    ) -> StoreResult<()> {
        let officer = self.store.visit_draft(id)?.officer;
        self.store.sign_visit(
            id,
            SignatureRole::Officer,
            &officer,
            &signature_png(u32::try_from(id).unwrap_or(0)),
            when,
        )?;
        self.store.sign_visit(
            id,
            SignatureRole::Borrower,
            representative,
            &signature_png(u32::try_from(id).unwrap_or(0) + 31),
            when,
        )
    }

    /// A visit begun at the factory and left: a few answers, one interview, and a conclusion
    /// that is formality words only (which the guards refuse until facts are written).
    fn half_visit(&mut self, g: Guarantee, day: NaiveDate) -> StoreResult<()> {
        let id = self.start(&g, day, VisitKind::Periodic, TaskKind::PeriodicCheck)?;
        let now = at(day, 9, 50);
        let draft = self.store.visit_draft(id)?;
        for a in draft
            .answers
            .iter()
            .filter(|a| a.item.section == crate::visit::ChecklistSection::Operations)
        {
            if a.item.answer == AnswerKind::Choice {
                self.edit(
                    id,
                    VisitEdit::Answer {
                        code: a.item.code.clone(),
                        answer: a.item.options[0].clone(),
                    },
                    now,
                )?;
            }
        }
        if let Some(w) = self.edit(id, VisitEdit::AddInterview, now)? {
            self.edit(
                id,
                VisitEdit::Interview {
                    interview_id: w,
                    value: InterviewValue::Role("包装工".into()),
                },
                now,
            )?;
        }
        self.edit(
            id,
            VisitEdit::Conclusion {
                text: "企业经营正常，生产情况良好".into(),
            },
            at(day, 10, 20),
        )?;
        Ok(())
    }
}
