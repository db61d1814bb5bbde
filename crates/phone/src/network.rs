//! Where the door listens: one of the laptop's own addresses on a network the phone can join
//! (the factory's Wi-Fi, or the laptop's hotspot), never every address at once.

use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr};

/// One of the laptop's addresses a phone could reach, with the network interface it is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, specta::Type)]
pub struct LocalAddress {
    /// The interface as the system names it (`wlan0`, `WLAN`, `Wi-Fi`, `ap0`).
    pub interface: String,
    pub address: String,
}

impl LocalAddress {
    pub fn ip(&self) -> Option<IpAddr> {
        self.address.parse().ok()
    }
}

/// The laptop's IPv4 addresses a phone could reach now, the likeliest first: those of real
/// interfaces before those of containers, virtual machines and VPNs (docker0, vEthernet, tun…),
/// private networks (a Wi-Fi's or a hotspot's: 192.168/16, 172.16/12, 10/8) first; never
/// loopback, a self-assigned link-local address (169.254/16, no network behind it) or IPv6 (a
/// phone on a factory's Wi-Fi reaches the laptop by its IPv4 address; a QR code with an IPv6
/// one is longer and less often routable).
pub fn local_addresses() -> Vec<LocalAddress> {
    let found = if_addrs::get_if_addrs().unwrap_or_default();
    reachable(found.iter().map(|i| (i.name.as_str(), i.ip())))
}

/// [`local_addresses`] of a given list of interfaces and their addresses.
pub fn reachable<'a>(interfaces: impl IntoIterator<Item = (&'a str, IpAddr)>) -> Vec<LocalAddress> {
    let mut found: Vec<((bool, bool), &str, Ipv4Addr)> = Vec::new();
    for (name, ip) in interfaces {
        let IpAddr::V4(v4) = ip else { continue };
        if v4.is_loopback() || v4.is_link_local() || v4.is_unspecified() || v4.is_multicast() {
            continue;
        }
        if !found.iter().any(|(_, _, seen)| *seen == v4) {
            found.push(((is_virtual(name), !v4.is_private()), name, v4));
        }
    }
    // Real interfaces before virtual ones, private addresses first, then in the system's own
    // order (stable sort).
    found.sort_by_key(|(rank, _, _)| *rank);
    found
        .into_iter()
        .map(|(_, name, v4)| LocalAddress {
            interface: name.to_owned(),
            address: v4.to_string(),
        })
        .collect()
}

/// Interfaces that lead to no phone: containers, virtual machines, VPNs and bridges for them.
fn is_virtual(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [
        "docker",
        "veth",
        "br-",
        "virbr",
        "vethernet",
        "vmnet",
        "vboxnet",
        "tun",
        "tap",
        "utun",
        "tailscale",
        "zt",
        "wg",
        "lxc",
        "cni",
        "flannel",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_phone_is_offered_the_laptops_real_private_addresses_first_and_never_loopback() {
        let found = reachable([
            ("lo", ip("127.0.0.1")),
            ("eth0", ip("203.0.113.7")),
            ("wlan0", ip("192.168.43.20")),
            ("wlan0", ip("fe80::1")),
            ("tun0", ip("169.254.10.2")),
            ("ap0", ip("10.42.0.1")),
            ("wlan1", ip("192.168.43.20")),
            ("docker0", ip("172.17.0.1")),
            ("vEthernet (WSL)", ip("172.28.160.1")),
        ]);
        let listed: Vec<(&str, &str)> = found
            .iter()
            .map(|a| (a.interface.as_str(), a.address.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                ("wlan0", "192.168.43.20"),
                ("ap0", "10.42.0.1"),
                ("eth0", "203.0.113.7"),
                ("docker0", "172.17.0.1"),
                ("vEthernet (WSL)", "172.28.160.1"),
            ]
        );
        assert_eq!(found[0].ip(), Some(ip("192.168.43.20")));
        assert!(reachable([("lo", ip("127.0.0.1"))]).is_empty());
    }
}
