//! Today's route on the agenda (`crate::route`): the day's site visits, one stop per borrower,
//! in the suggested order or the officer's, with each leg's distance and time.

use super::Session;
use crate::evidence::place::Place;
use crate::i18n::Locale;
use crate::messages::UserError;
use crate::policy::TaskKind;
use crate::portfolio::BorrowerId;
use crate::route::{DayRoute, RouteStop, RouteTask, day_legs, suggested_order};
use crate::tasks::TaskState;
use crate::tasks::filter::AgendaFilter;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The checks that are made at the borrower's site: a task of these kinds puts it on the route.
pub const SITE_VISIT_KINDS: [TaskKind; 5] = [
    TaskKind::FirstCheck,
    TaskKind::PeriodicCheck,
    TaskKind::MaturityCheck,
    TaskKind::EmergencyCheck,
    TaskKind::SignalCheck,
];

impl Session {
    /// The site visits due on `day` or overdue by then, under `filter`'s officer, tier, product
    /// and bank (not its scope or day), one stop per borrower: in `order` (borrower ids, the
    /// officer's) where given, the stops it does not name after them in the suggested order.
    pub fn day_route(
        &self,
        locale: Locale,
        day: NaiveDate,
        filter: &AgendaFilter,
        order: &[BorrowerId],
    ) -> Result<DayRoute, UserError> {
        let (agenda, facets) = self.computed_agenda(locale, day)?;
        let store = self.store(locale)?;
        let err = |e| UserError::from_store(&e, locale);
        let settings = store.policy_in_force().map_err(err)?.route();
        let mut stops: BTreeMap<BorrowerId, RouteStop> = BTreeMap::new();
        for t in &agenda.tasks {
            let Some(guarantee_id) = t.guarantee_id else {
                continue;
            };
            let today = matches!(t.state, TaskState::Overdue | TaskState::DueToday);
            if !today
                || !SITE_VISIT_KINDS.contains(&t.kind)
                || !filter.matches(t, facets.get(&guarantee_id))
            {
                continue;
            }
            let guarantee = store.guarantee(guarantee_id).map_err(err)?;
            let task = RouteTask {
                guarantee_id,
                kind_label: t.kind.label(locale).to_owned(),
                contract_no: guarantee.contract_no.clone(),
                due: t.due,
            };
            if let Some(stop) = stops.get_mut(&guarantee.borrower_id) {
                stop.tasks.push(task);
                stop.overdue |= t.state == TaskState::Overdue;
                continue;
            }
            let b = store.borrower(guarantee.borrower_id).map_err(err)?;
            stops.insert(
                b.id,
                RouteStop {
                    borrower_id: b.id,
                    borrower: b.name,
                    address: b.address,
                    contact_name: b.contact_name,
                    contact_phone: b.contact_phone,
                    tasks: vec![task],
                    overdue: t.state == TaskState::Overdue,
                    latitude: b.site_latitude,
                    longitude: b.site_longitude,
                    leg: None,
                },
            );
        }
        let mut stops: Vec<RouteStop> = stops.into_values().collect();
        let place = |s: &RouteStop| Place::from_parts(s.latitude, s.longitude);
        // (The policy is refused when installed with an office not on the globe.)
        let office =
            Place::new(settings.office_latitude, settings.office_longitude).map_err(|e| {
                UserError {
                    code: crate::code::Code::Internal,
                    message: e.to_string(),
                }
            })?;
        let places: Vec<Option<Place>> = stops.iter().map(place).collect();
        let suggested = suggested_order(office, &places);
        // The officer's order first, then the rest as suggested.
        let mut ranked: Vec<usize> = Vec::with_capacity(stops.len());
        for id in order {
            if let Some(i) = stops.iter().position(|s| s.borrower_id == *id)
                && !ranked.contains(&i)
            {
                ranked.push(i);
            }
        }
        let by_officer = !ranked.is_empty();
        for &i in &suggested {
            if !ranked.contains(&i) {
                ranked.push(i);
            }
        }
        let mut taken: Vec<Option<RouteStop>> = stops.drain(..).map(Some).collect();
        let mut stops: Vec<RouteStop> = ranked.iter().filter_map(|&i| taken[i].take()).collect();
        let legs = day_legs(
            office,
            &stops.iter().map(place).collect::<Vec<_>>(),
            &settings,
        );
        for (stop, leg) in stops.iter_mut().zip(&legs.to_stop) {
            stop.leg = *leg;
        }
        Ok(DayRoute {
            day,
            office: settings.office,
            speed_kmh: settings.speed_kmh,
            road_factor: settings.road_factor,
            suggested: !by_officer || ranked == suggested,
            exact: places.iter().flatten().count() <= crate::route::EXACT_UP_TO,
            unplaced: u32::try_from(stops.iter().filter(|s| place(s).is_none()).count())
                .unwrap_or(u32::MAX),
            back: legs.back,
            total_metres: legs.total_metres,
            total_minutes: legs.total_minutes,
            stops,
        })
    }
}

impl Session {
    /// Writes the day's route ([`Session::day_route`]) on one A4 sheet into the print folder.
    pub fn print_day_route(
        &mut self,
        locale: Locale,
        day: NaiveDate,
        filter: &AgendaFilter,
        order: &[BorrowerId],
    ) -> Result<super::ReportFile, UserError> {
        let route = self.day_route(locale, day, filter, order)?;
        let company = self.company(locale)?;
        let at = super::visits::now();
        let officer = filter.officer.clone().unwrap_or_default();
        let (pdf, pages) = crate::route::sheet::render(&route, &company, &officer, at);
        let file_name = format!("今日路线_{day}.pdf");
        self.write_working_paper(locale, file_name, &pdf, pages, at)
    }
}

impl Session {
    /// Writes the day's 检查前准备 ([`crate::briefing`]): a page per stop of the day's route, in
    /// its order, in one PDF in the print folder.
    pub fn print_briefings(
        &mut self,
        locale: Locale,
        day: NaiveDate,
        filter: &AgendaFilter,
        order: &[BorrowerId],
    ) -> Result<super::ReportFile, UserError> {
        let route = self.day_route(locale, day, filter, order)?;
        let err = |e| UserError::from_store(&e, locale);
        let on_route: Vec<i64> = route
            .stops
            .iter()
            .flat_map(|s| s.tasks.iter().map(|t| t.guarantee_id))
            .collect();
        // The stops' other open tasks, from one computation of the agenda.
        let others = self
            .agenda_of(locale, day, |t| {
                t.guarantee_id.is_some_and(|g| on_route.contains(&g))
                    && t.state != TaskState::Done
                    && !SITE_VISIT_KINDS.contains(&t.kind)
            })?
            .tasks;
        let mut briefings = Vec::with_capacity(route.stops.len());
        for stop in &route.stops {
            let open_tasks = others
                .iter()
                .filter(|t| {
                    t.guarantee_id
                        .is_some_and(|g| stop.tasks.iter().any(|s| s.guarantee_id == g))
                })
                .map(|t| format!("{}（{}到期，{}）", t.kind_label, t.due, t.state_label))
                .collect();
            let store = self.store(locale)?;
            briefings.push(crate::briefing::gather(store, stop, open_tasks, locale).map_err(err)?);
        }
        let company = self.company(locale)?;
        let at = super::visits::now();
        let officer = filter.officer.clone().unwrap_or_default();
        let (pdf, pages) = crate::briefing::sheet::render(day, &briefings, &company, &officer, at);
        let file_name = format!("检查前准备_{day}.pdf");
        self.write_working_paper(locale, file_name, &pdf, pages, at)
    }
}

impl Session {
    /// The company printed at the head of its papers (the policy's `document.company`).
    fn company(&self, locale: Locale) -> Result<String, UserError> {
        Ok(self
            .store(locale)?
            .policy_in_force()
            .map_err(|e| UserError::from_store(&e, locale))?
            .document()
            .company)
    }

    /// Writes a working paper (today's route, the briefing sheets: not numbered, not recorded)
    /// into the print folder, to be opened and printed as a report is.
    fn write_working_paper(
        &mut self,
        locale: Locale,
        file_name: String,
        pdf: &[u8],
        pages: usize,
        at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<super::ReportFile, UserError> {
        let path = self.print_path(locale, &file_name)?;
        crate::report::write_pdf(&path, pdf).map_err(|e| UserError::from_report(&e, locale))?;
        self.written_reports.insert(path.clone());
        Ok(super::ReportFile {
            path: path.display().to_string(),
            file_name,
            document_no: String::new(),
            content_sha256: crate::digest::sha256_hex(pdf),
            pages: u32::try_from(pages).unwrap_or(u32::MAX),
            size_bytes: pdf.len() as u64,
            is_final: false,
            first_issued_at: None,
            generated_at: at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::place::Place;
    use crate::route::{LegFigures, round_trip_metres};

    #[test]
    fn the_demo_day_is_one_stop_per_borrower_in_the_shortest_order_and_the_officers_order_is_kept()
    {
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let (_dir, session) = crate::session::demo_session(day);
        let everyone = AgendaFilter::everything();
        let route = session
            .day_route(Locale::ZhCn, day, &everyone, &[])
            .unwrap();
        assert!(route.suggested);
        assert_eq!(route.office, "公司本部");
        assert!(route.stops.len() >= 2, "{:#?}", route.stops);
        // Each borrower once; each stop has a site visit overdue or due that day.
        let mut ids: Vec<_> = route.stops.iter().map(|s| s.borrower_id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), route.stops.len());
        let page = session
            .agenda_page(Locale::ZhCn, day, &everyone, 10_000)
            .unwrap();
        for stop in &route.stops {
            for task in &stop.tasks {
                assert!(task.due <= day);
                assert!(page.tasks.iter().any(|t| {
                    t.contract_no.as_deref() == Some(task.contract_no.as_str())
                        && SITE_VISIT_KINDS.contains(&t.kind)
                        && t.due == task.due
                }));
            }
        }
        // Every site visit of the day is on the route.
        let on_route = |contract: &str| {
            route
                .stops
                .iter()
                .any(|s| s.tasks.iter().any(|t| t.contract_no == contract))
        };
        for t in &page.tasks {
            if SITE_VISIT_KINDS.contains(&t.kind) && t.due <= day && t.state != TaskState::Done {
                assert!(on_route(t.contract_no.as_deref().unwrap()), "{t:?}");
            }
        }
        // The demo's borrowers all have sites: every leg known, and the totals are their sums.
        assert_eq!(route.unplaced, 0);
        let legs: Vec<LegFigures> = route.stops.iter().filter_map(|s| s.leg).collect();
        assert_eq!(legs.len(), route.stops.len());
        let back = route.back.unwrap();
        assert_eq!(
            route.total_metres,
            legs.iter().map(|l| l.metres).sum::<u32>() + back.metres
        );
        assert_eq!(
            route.total_minutes,
            legs.iter().map(|l| l.minutes).sum::<u32>() + back.minutes
        );

        // The officer moves the last stop first: kept, the rest as suggested, not shorter.
        let last = route.stops.last().unwrap().borrower_id;
        let mine = session
            .day_route(Locale::ZhCn, day, &everyone, &[last])
            .unwrap();
        assert_eq!(mine.stops[0].borrower_id, last);
        assert_eq!(mine.stops.len(), route.stops.len());
        assert!(!mine.suggested || route.stops.len() == 1);
        let places = |r: &DayRoute| -> Vec<Place> {
            r.stops
                .iter()
                .map(|s| Place::from_parts(s.latitude, s.longitude).unwrap())
                .collect()
        };
        let office = Place::new(
            rust_decimal_macros::dec!(29.8740),
            rust_decimal_macros::dec!(121.5500),
        )
        .unwrap();
        let in_order = |r: &DayRoute| {
            let p = places(r);
            round_trip_metres(office, &p, &(0..p.len()).collect::<Vec<_>>())
        };
        assert!(in_order(&route) <= in_order(&mine));
        // An officer filter nobody matches: no stops, no legs.
        let nobody = AgendaFilter {
            officer: Some("无此人".into()),
            ..AgendaFilter::everything()
        };
        let empty = session.day_route(Locale::ZhCn, day, &nobody, &[]).unwrap();
        assert!(empty.stops.is_empty() && empty.back.is_none());
    }
}
