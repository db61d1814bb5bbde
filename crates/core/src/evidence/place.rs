//! Where a photo was taken against where the borrower is: the great-circle distance between the
//! photo's EXIF GPS position and the borrower's registered site.
//!
//! Coordinates are kept as `Decimal` degrees (WGS-84, as phones write them); the distance is
//! computed in `f64` (trigonometry has no exact form) and given in whole metres. Phones sold in
//! mainland China write WGS-84 in EXIF; map apps show GCJ-02, up to some 500 m apart, which is
//! why the policy's distance should not be set much below a kilometre.

use crate::i18n::Locale;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The mean Earth radius (IUGG), metres.
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A position in decimal degrees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, specta::Type)]
pub struct Place {
    pub latitude: Decimal,
    pub longitude: Decimal,
}

/// Why typed coordinates are not a place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("latitude {0} is not between -90 and 90")]
    Latitude(Decimal),
    #[error("longitude {0} is not between -180 and 180")]
    Longitude(Decimal),
}

/// Why a borrower's site cannot be registered from a visit.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SiteError {
    #[error("{0:?} is not a coordinate in degrees")]
    NotANumber(String),
    #[error(transparent)]
    OffTheEarth(#[from] PlaceError),
    /// The site is registered once; a move is head office's to record.
    #[error("the site is registered already at {}, {}", .0.latitude, .0.longitude)]
    AlreadyRegistered(Place),
}

impl SiteError {
    /// A stable code for the UI to branch on.
    pub fn code(&self) -> crate::code::Code {
        match self {
            SiteError::NotANumber(_) | SiteError::OffTheEarth(_) => {
                crate::code::Code::SiteBadCoordinate
            }
            SiteError::AlreadyRegistered(_) => crate::code::Code::SiteAlreadyRegistered,
        }
    }

    /// The message in `l` (English is the `Display`).
    pub fn message(&self, l: Locale) -> String {
        if l == Locale::En {
            return self.to_string();
        }
        let t = |cn: String, tw: String| if l == Locale::ZhTw { tw } else { cn };
        match self {
            SiteError::NotANumber(text) => t(
                format!("“{text}”不是坐标，请填写度数，如 30.2741。"),
                format!("「{text}」不是座標，請填寫度數，如 30.2741。"),
            ),
            SiteError::OffTheEarth(PlaceError::Latitude(d)) => t(
                format!("纬度 {d} 应在 -90 到 90 之间。"),
                format!("緯度 {d} 應在 -90 到 90 之間。"),
            ),
            SiteError::OffTheEarth(PlaceError::Longitude(d)) => t(
                format!("经度 {d} 应在 -180 到 180 之间。"),
                format!("經度 {d} 應在 -180 到 180 之間。"),
            ),
            SiteError::AlreadyRegistered(p) => t(
                format!(
                    "企业地址坐标已登记（{}, {}），不能在检查中更改；如企业搬迁，请由总部更新。",
                    p.latitude, p.longitude
                ),
                format!(
                    "企業地址座標已登記（{}, {}），不能在檢查中更改；如企業搬遷，請由總部更新。",
                    p.latitude, p.longitude
                ),
            ),
        }
    }
}

impl Place {
    /// A place from degrees as typed ("30.2741", "120.1551").
    pub fn parse(latitude: &str, longitude: &str) -> Result<Place, SiteError> {
        let degrees = |t: &str| {
            crate::money::parse_number(t)
                .ok()
                .flatten()
                .ok_or_else(|| SiteError::NotANumber(t.trim().to_owned()))
        };
        Ok(Place::new(degrees(latitude)?, degrees(longitude)?)?)
    }

    /// A place from degrees, checked to be on the Earth.
    pub fn new(latitude: Decimal, longitude: Decimal) -> Result<Place, PlaceError> {
        if latitude.abs() > Decimal::from(90) {
            return Err(PlaceError::Latitude(latitude));
        }
        if longitude.abs() > Decimal::from(180) {
            return Err(PlaceError::Longitude(longitude));
        }
        Ok(Place {
            latitude,
            longitude,
        })
    }

    /// Both coordinates, when both are known.
    pub fn from_parts(latitude: Option<Decimal>, longitude: Option<Decimal>) -> Option<Place> {
        Place::new(latitude?, longitude?).ok()
    }

    /// The great-circle (haversine) distance to `other`, whole metres.
    pub fn metres_to(self, other: Place) -> u32 {
        let rad = |d: Decimal| d.to_f64().unwrap_or(0.0).to_radians();
        let (la1, la2) = (rad(self.latitude), rad(other.latitude));
        let dla = la2 - la1;
        let dlo = rad(other.longitude) - rad(self.longitude);
        let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        let metres = 2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin();
        // At most half the Earth's circumference: always within u32.
        metres.round() as u32
    }
}

/// A distance as people read it: "850 米", "1.2 公里", "36 公里".
pub fn distance_zh(metres: u32) -> String {
    match metres {
        m if m < 1_000 => format!("{m} 米"),
        m if m < 10_000 => {
            let tenths = (m + 50) / 100;
            format!("{}.{} 公里", tenths / 10, tenths % 10)
        }
        m => format!("{} 公里", (m + 500) / 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn at(la: Decimal, lo: Decimal) -> Place {
        Place::new(la, lo).unwrap()
    }

    #[test]
    fn distances_between_real_places() {
        // 杭州西湖 (断桥) to 杭州东站: about 7.0 km on the map.
        let lake = at(dec!(30.2590), dec!(120.1500));
        let station = at(dec!(30.2906), dec!(120.2127));
        let d = lake.metres_to(station);
        assert!((6_900..7_200).contains(&d), "{d}");
        // 上海人民广场 to 北京天安门: 1,067 km great-circle.
        let shanghai = at(dec!(31.2304), dec!(121.4737));
        let beijing = at(dec!(39.9087), dec!(116.3975));
        let d = shanghai.metres_to(beijing);
        assert!((1_060_000..1_075_000).contains(&d), "{d}");
        // A thousandth of a degree of latitude is 111 m.
        assert_eq!(
            at(dec!(30.0000), dec!(120.0)).metres_to(at(dec!(30.0010), dec!(120.0))),
            111
        );
        assert_eq!(lake.metres_to(lake), 0);
    }

    #[test]
    fn coordinates_off_the_earth_are_refused() {
        assert_eq!(
            Place::new(dec!(91), dec!(0)),
            Err(PlaceError::Latitude(dec!(91)))
        );
        assert_eq!(
            Place::new(dec!(30), dec!(-180.5)),
            Err(PlaceError::Longitude(dec!(-180.5)))
        );
        assert_eq!(Place::from_parts(Some(dec!(30)), None), None);
    }

    #[test]
    fn typed_coordinates_are_read_or_refused_in_words() {
        assert_eq!(
            Place::parse(" 30.2741 ", "１２０.１５５１"),
            Ok(at(dec!(30.2741), dec!(120.1551)))
        );
        let e = Place::parse("北纬30度", "120").unwrap_err();
        assert_eq!(e.code(), "site_bad_coordinate");
        assert_eq!(
            e.message(Locale::ZhCn),
            "“北纬30度”不是坐标，请填写度数，如 30.2741。"
        );
        let e = Place::parse("120.1551", "30.2741").unwrap_err();
        assert_eq!(
            e.message(Locale::ZhCn),
            "纬度 120.1551 应在 -90 到 90 之间。"
        );
        assert_eq!(
            e.message(Locale::En),
            "latitude 120.1551 is not between -90 and 90"
        );
    }

    #[test]
    fn distances_read_as_people_say_them() {
        assert_eq!(distance_zh(0), "0 米");
        assert_eq!(distance_zh(850), "850 米");
        assert_eq!(distance_zh(1_240), "1.2 公里");
        assert_eq!(distance_zh(9_960), "10.0 公里");
        assert_eq!(distance_zh(36_400), "36 公里");
    }

    proptest! {
        #[test]
        fn the_distance_is_symmetric_and_never_beyond_half_the_earth(
            a in (-90_000i64..=90_000, -180_000i64..=180_000),
            b in (-90_000i64..=90_000, -180_000i64..=180_000),
        ) {
            let p = |(la, lo): (i64, i64)| at(Decimal::new(la, 3), Decimal::new(lo, 3));
            let (p, q) = (p(a), p(b));
            prop_assert_eq!(p.metres_to(q), q.metres_to(p));
            prop_assert!(p.metres_to(q) <= 20_015_200);
        }
    }
}
