//! Today's route (issue 32): the day's site visits in a suggested order from the office through
//! each borrower's registered site and back, each leg with its distance and the time it takes,
//! computed offline from coordinates.
//!
//! A leg's distance is the straight line between two places (great circle, `evidence::place`)
//! times the company's road factor; its time is that distance at the company's speed
//! (`policy.route`). The order suggested is the shortest round trip: exact up to
//! [`EXACT_UP_TO`] sites (every order tried), beyond that the nearest site next, then improved
//! by reversing stretches of it while that shortens it (2-opt). A site without registered
//! coordinates cannot be placed: it comes last, its legs unknown.

use crate::evidence::place::Place;
use crate::policy::RouteSettings;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

pub mod sheet;

/// Up to this many sites every order is tried (8! = 40,320 round trips).
pub const EXACT_UP_TO: usize = 8;

/// One leg of the day: its road distance and the time it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct LegFigures {
    pub metres: u32,
    pub minutes: u32,
}

/// The legs of a day in a given order: `to_stop[i]` from the stop before (the office for the
/// first) to stop `i`, and `back` from the last stop to the office; `None` where either end has
/// no coordinates. Totals count the known legs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct DayLegs {
    pub to_stop: Vec<Option<LegFigures>>,
    pub back: Option<LegFigures>,
    pub total_metres: u32,
    pub total_minutes: u32,
}

/// The day's route as the agenda shows and prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct DayRoute {
    pub day: chrono::NaiveDate,
    /// The office the day starts from and returns to (the policy's `route.office`).
    pub office: String,
    pub speed_kmh: u32,
    pub road_factor: rust_decimal::Decimal,
    /// True when the stops are in the suggested order (the officer has not reordered them).
    pub suggested: bool,
    /// True when the suggested order is the shortest of all ([`EXACT_UP_TO`] placed stops or
    /// fewer); beyond, a short one found by improving the nearest-next order.
    pub exact: bool,
    pub stops: Vec<RouteStop>,
    /// From the last stop back to the office (unknown when it has no coordinates).
    pub back: Option<LegFigures>,
    /// The known legs' sums.
    pub total_metres: u32,
    pub total_minutes: u32,
    /// Stops whose borrower has no registered site: not placed, last.
    pub unplaced: u32,
}

/// One borrower to visit today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RouteStop {
    #[specta(type = u32)]
    pub borrower_id: crate::portfolio::BorrowerId,
    pub borrower: String,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    /// What brings the officer there: each task's kind, contract and due day.
    pub tasks: Vec<RouteTask>,
    pub overdue: bool,
    /// The registered site, WGS-84 degrees.
    pub latitude: Option<rust_decimal::Decimal>,
    pub longitude: Option<rust_decimal::Decimal>,
    /// From the stop before (the office for the first); unknown without coordinates.
    pub leg: Option<LegFigures>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct RouteTask {
    #[specta(type = u32)]
    pub guarantee_id: crate::portfolio::GuaranteeId,
    pub kind_label: String,
    pub contract_no: String,
    pub due: chrono::NaiveDate,
}

/// The leg between two places under the company's settings.
pub fn leg(from: Place, to: Place, settings: &RouteSettings) -> LegFigures {
    let line = Decimal::from(from.metres_to(to));
    let road = (line * settings.road_factor).round();
    let metres = road.to_u32().unwrap_or(u32::MAX);
    // metres / (km/h × 1000) hours, in minutes.
    let speed = Decimal::from(settings.speed_kmh.max(1)) * Decimal::from(1000);
    let minutes = (road * Decimal::from(60) / speed).round();
    LegFigures {
        metres,
        minutes: minutes.to_u32().unwrap_or(u32::MAX),
    }
}

/// The legs of the day with the stops in the order given.
pub fn day_legs(office: Place, stops: &[Option<Place>], settings: &RouteSettings) -> DayLegs {
    let mut to_stop = Vec::with_capacity(stops.len());
    let mut at = Some(office);
    for stop in stops {
        to_stop.push(match (at, stop) {
            (Some(a), Some(b)) => Some(leg(a, *b, settings)),
            _ => None,
        });
        at = *stop;
    }
    let back = match (at, stops.is_empty()) {
        (_, true) => None,
        (Some(last), false) => Some(leg(last, office, settings)),
        (None, false) => None,
    };
    let known = to_stop.iter().flatten().chain(back.iter());
    let (total_metres, total_minutes) = known.fold((0u32, 0u32), |(m, t), l| {
        (m.saturating_add(l.metres), t.saturating_add(l.minutes))
    });
    DayLegs {
        to_stop,
        back,
        total_metres,
        total_minutes,
    }
}

/// The suggested order of the stops (indices into `stops`): the placed ones in the shortest
/// round trip from and back to `office` found, then those without coordinates as given.
pub fn suggested_order(office: Place, stops: &[Option<Place>]) -> Vec<usize> {
    let placed: Vec<usize> = (0..stops.len()).filter(|&i| stops[i].is_some()).collect();
    let places: Vec<Place> = placed.iter().filter_map(|&i| stops[i]).collect();
    let order = shortest_round_trip(office, &places);
    let mut out: Vec<usize> = order.into_iter().map(|k| placed[k]).collect();
    out.extend((0..stops.len()).filter(|&i| stops[i].is_none()));
    out
}

/// The straight-line length of the round trip office → `places` in `order` → office, metres.
pub fn round_trip_metres(office: Place, places: &[Place], order: &[usize]) -> u64 {
    let mut at = office;
    let mut total = 0u64;
    for &i in order {
        total += u64::from(at.metres_to(places[i]));
        at = places[i];
    }
    total + u64::from(at.metres_to(office))
}

fn shortest_round_trip(office: Place, places: &[Place]) -> Vec<usize> {
    let n = places.len();
    if n <= 1 {
        return (0..n).collect();
    }
    // Distances between every two points, the office as point n.
    let point = |i: usize| if i == n { office } else { places[i] };
    let d: Vec<Vec<u64>> = (0..=n)
        .map(|i| {
            (0..=n)
                .map(|j| u64::from(point(i).metres_to(point(j))))
                .collect()
        })
        .collect();
    let length = |order: &[usize]| -> u64 {
        let mut at = n;
        let mut total = 0;
        for &i in order {
            total += d[at][i];
            at = i;
        }
        total + d[at][n]
    };
    if n <= EXACT_UP_TO {
        let mut best: Vec<usize> = (0..n).collect();
        let mut best_len = length(&best);
        let mut order = best.clone();
        every_order(&mut order, 0, &mut |o| {
            let l = length(o);
            if l < best_len {
                best_len = l;
                best = o.to_vec();
            }
        });
        return best;
    }
    // Nearest site next from the office.
    let mut order = Vec::with_capacity(n);
    let mut left: Vec<usize> = (0..n).collect();
    let mut at = n;
    while !left.is_empty() {
        let (k, _) = left
            .iter()
            .enumerate()
            .min_by_key(|(_, j)| d[at][**j])
            .expect("sites left");
        at = left.remove(k);
        order.push(at);
    }
    // 2-opt: reverse a stretch while that shortens the trip (a local best, not always the
    // shortest: hence the order given is kept when it is shorter still).
    let mut improved = true;
    while improved {
        improved = false;
        for i in 0..n - 1 {
            for j in i + 1..n {
                let before = if i == 0 { n } else { order[i - 1] };
                let after = if j == n - 1 { n } else { order[j + 1] };
                let now = d[before][order[i]] + d[order[j]][after];
                let then = d[before][order[j]] + d[order[i]][after];
                if then < now {
                    order[i..=j].reverse();
                    improved = true;
                }
            }
        }
    }
    let given: Vec<usize> = (0..n).collect();
    if length(&given) < length(&order) {
        given
    } else {
        order
    }
}

/// Calls `visit` with every order of `items[from..]` (each order once, by swapping each item in
/// turn into place `from`).
fn every_order(items: &mut [usize], from: usize, visit: &mut impl FnMut(&[usize])) {
    if from == items.len() {
        visit(items);
        return;
    }
    for i in from..items.len() {
        items.swap(from, i);
        every_order(items, from + 1, visit);
        items.swap(from, i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn place(lat: Decimal, lon: Decimal) -> Place {
        Place::new(lat, lon).unwrap()
    }

    fn settings() -> RouteSettings {
        RouteSettings {
            office: "公司本部".into(),
            office_latitude: dec!(29.8740),
            office_longitude: dec!(121.5500),
            road_factor: dec!(1.3),
            speed_kmh: 40,
        }
    }

    /// The office in 宁波 海曙, and sites as the demo's borrowers are placed.
    const OFFICE: (Decimal, Decimal) = (dec!(29.8740), dec!(121.5500));
    const CIXI: (Decimal, Decimal) = (dec!(30.1697), dec!(121.2664));
    const YUYAO: (Decimal, Decimal) = (dec!(30.0372), dec!(121.1546));
    const BEILUN: (Decimal, Decimal) = (dec!(29.9088), dec!(121.8443));
    const FENGHUA: (Decimal, Decimal) = (dec!(29.6562), dec!(121.4068));

    #[test]
    fn a_leg_is_the_straight_line_times_the_road_factor_at_the_companys_speed() {
        let office = place(OFFICE.0, OFFICE.1);
        let cixi = place(CIXI.0, CIXI.1);
        let line = office.metres_to(cixi);
        // 宁波 to 慈溪: about 43 km as the crow flies.
        assert!((42_000..44_500).contains(&line), "{line}");
        let l = leg(office, cixi, &settings());
        assert_eq!(
            l.metres,
            (Decimal::from(line) * dec!(1.3)).round().to_u32().unwrap()
        );
        // 56 km at 40 km/h: 84 minutes.
        assert_eq!(
            l.minutes,
            (l.metres as f64 / 40_000.0 * 60.0).round() as u32
        );
        assert!((82..87).contains(&l.minutes), "{l:?}");
        // Twice as fast, half the time; no factor, the straight line.
        let fast = RouteSettings {
            speed_kmh: 80,
            road_factor: dec!(1),
            ..settings()
        };
        assert_eq!(leg(office, cixi, &fast).metres, line);
        assert_eq!(leg(office, office, &settings()).minutes, 0);
    }

    #[test]
    fn the_suggested_day_goes_round_not_back_and_forth() {
        let office = place(OFFICE.0, OFFICE.1);
        // Given as 北仑, 余姚, 奉化, 慈溪: east, north-west, south, north.
        let stops = [
            Some(place(BEILUN.0, BEILUN.1)),
            Some(place(YUYAO.0, YUYAO.1)),
            Some(place(FENGHUA.0, FENGHUA.1)),
            Some(place(CIXI.0, CIXI.1)),
        ];
        let order = suggested_order(office, &stops);
        // One way round or the other: 北仑 → 慈溪 → 余姚 → 奉化, or back.
        assert!(order == [0, 3, 1, 2] || order == [2, 1, 3, 0], "{order:?}");
        let places: Vec<Place> = stops.iter().flatten().copied().collect();
        assert!(
            round_trip_metres(office, &places, &order)
                < round_trip_metres(office, &places, &[0, 1, 2, 3])
        );
        let legs = day_legs(
            office,
            &order.iter().map(|&i| stops[i]).collect::<Vec<_>>(),
            &settings(),
        );
        assert_eq!(legs.to_stop.len(), 4);
        assert!(legs.to_stop.iter().all(Option::is_some) && legs.back.is_some());
        let sum: u32 = legs.to_stop.iter().flatten().map(|l| l.metres).sum::<u32>()
            + legs.back.unwrap().metres;
        assert_eq!(legs.total_metres, sum);
    }

    #[test]
    fn a_site_without_coordinates_comes_last_and_its_legs_are_unknown() {
        let office = place(OFFICE.0, OFFICE.1);
        let stops = [
            None,
            Some(place(CIXI.0, CIXI.1)),
            Some(place(BEILUN.0, BEILUN.1)),
        ];
        let order = suggested_order(office, &stops);
        assert_eq!(order.last(), Some(&0));
        let legs = day_legs(
            office,
            &order.iter().map(|&i| stops[i]).collect::<Vec<_>>(),
            &settings(),
        );
        assert!(legs.to_stop[0].is_some() && legs.to_stop[1].is_some());
        assert_eq!(legs.to_stop[2], None);
        assert_eq!(legs.back, None);
        assert!(suggested_order(office, &[]).is_empty());
        let none = day_legs(office, &[], &settings());
        assert_eq!((none.back, none.total_metres), (None, 0));
    }

    fn places_near_ningbo() -> impl Strategy<Value = Vec<Place>> {
        prop::collection::vec((29_500i64..30_300, 120_900i64..122_000), 0..12).prop_map(|v| {
            v.into_iter()
                .map(|(la, lo)| place(Decimal::new(la, 3), Decimal::new(lo, 3)))
                .collect()
        })
    }

    proptest! {
        /// Every stop once; never longer than the order the stops came in; exact (no order
        /// shorter) up to EXACT_UP_TO sites.
        #[test]
        fn the_suggested_order_visits_each_stop_once_and_is_never_longer(places in places_near_ningbo()) {
            let office = place(OFFICE.0, OFFICE.1);
            let stops: Vec<Option<Place>> = places.iter().copied().map(Some).collect();
            let order = suggested_order(office, &stops);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            prop_assert_eq!(sorted, (0..places.len()).collect::<Vec<_>>());
            let given: Vec<usize> = (0..places.len()).collect();
            let suggested = round_trip_metres(office, &places, &order);
            prop_assert!(suggested <= round_trip_metres(office, &places, &given));
            if places.len() <= 6 {
                let mut every = given.clone();
                let mut shortest = u64::MAX;
                every_order(&mut every, 0, &mut |o| {
                    shortest = shortest.min(round_trip_metres(office, &places, o));
                });
                prop_assert_eq!(suggested, shortest);
            }
        }
    }
}
