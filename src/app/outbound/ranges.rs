//! Which addresses an outbound call may reach: every address that is not on the public internet is named by its
//! range, and refused unless the configuration allows that range (or a CIDR block holding the address).

use std::collections::BTreeSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A range of addresses that is not the public internet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Range {
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// RFC 1918: `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`.
    Private,
    /// `169.254.0.0/16`, `fe80::/10`.
    LinkLocal,
    /// `fc00::/7`.
    UniqueLocal,
    /// Carrier-grade NAT, `100.64.0.0/10`.
    Cgnat,
    /// `0.0.0.0`, `::`.
    Unspecified,
    /// `255.255.255.255`.
    Broadcast,
    /// `224.0.0.0/4`, `ff00::/8`.
    Multicast,
    /// `192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24`, `2001:db8::/32`, `3fff::/20`.
    Documentation,
    /// Everything else that is not public unicast: `0.0.0.0/8`, `192.0.0.0/24`, `198.18.0.0/15`, `240.0.0.0/4`,
    /// IETF and deprecated IPv6 blocks, and IPv6 outside `2000::/3`.
    Reserved,
    /// The cloud instance metadata services: `169.254.169.254`, `100.100.100.200`, `fd00:ec2::254`. Refused even
    /// when the range around them is allowed, unless `metadata` itself (or that very address) is.
    Metadata,
}

impl Range {
    pub const ALL: [Range; 11] = [
        Range::Loopback,
        Range::Private,
        Range::LinkLocal,
        Range::UniqueLocal,
        Range::Cgnat,
        Range::Unspecified,
        Range::Broadcast,
        Range::Multicast,
        Range::Documentation,
        Range::Reserved,
        Range::Metadata,
    ];

    /// The word that names the range in `GUICHET_OUTBOUND_ALLOW`.
    pub fn as_str(self) -> &'static str {
        match self {
            Range::Loopback => "loopback",
            Range::Private => "private",
            Range::LinkLocal => "link-local",
            Range::UniqueLocal => "unique-local",
            Range::Cgnat => "cgnat",
            Range::Unspecified => "unspecified",
            Range::Broadcast => "broadcast",
            Range::Multicast => "multicast",
            Range::Documentation => "documentation",
            Range::Reserved => "reserved",
            Range::Metadata => "metadata",
        }
    }

    pub fn parse(word: &str) -> Option<Range> {
        Range::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The range of an address, or `None` for a public one. IPv4-mapped IPv6 (`::ffff:a.b.c.d`) is classified as
/// its IPv4 address, and so are the IPv4 addresses that NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`) embed.
pub fn classify(ip: IpAddr) -> Option<Range> {
    match ip.to_canonical() {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Range> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip == Ipv4Addr::new(169, 254, 169, 254) || ip == Ipv4Addr::new(100, 100, 100, 200) => Range::Metadata,
        _ if ip.is_unspecified() => Range::Unspecified,
        _ if ip.is_broadcast() => Range::Broadcast,
        (127, _, _) => Range::Loopback,
        (10, _, _) | (192, 168, _) => Range::Private,
        (172, 16..=31, _) => Range::Private,
        (100, 64..=127, _) => Range::Cgnat,
        (169, 254, _) => Range::LinkLocal,
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => Range::Documentation,
        (224..=239, _, _) => Range::Multicast,
        (0 | 240..=255, _, _) | (192, 0, 0) | (192, 88, 99) | (198, 18..=19, _) => Range::Reserved,
        _ => return None,
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<Range> {
    let s = ip.segments();
    let bits = u128::from(ip);
    let within = |prefix: u128, len: u32| bits >> (128 - len) == prefix >> (128 - len);
    let embedded = |at: u32| {
        let v4 = u32::try_from((bits >> at) & u128::from(u32::MAX)).unwrap_or(u32::MAX);
        classify_v4(Ipv4Addr::from(v4))
    };
    Some(match s {
        [0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254] => Range::Metadata,
        _ if ip.is_unspecified() => Range::Unspecified,
        _ if ip.is_loopback() => Range::Loopback,
        // NAT64 and 6to4 reach the IPv4 address they carry.
        [0x0064, 0xff9b, 0, 0, 0, 0, _, _] => return embedded(0),
        [0x2002, ..] => return embedded(80),
        [0x2001, 0x0db8, ..] => Range::Documentation,
        _ if within(0x3fff << 112, 20) => Range::Documentation,
        _ if within(0xfc00 << 112, 7) => Range::UniqueLocal,
        _ if within(0xfe80 << 112, 10) => Range::LinkLocal,
        _ if within(0xff00 << 112, 8) => Range::Multicast,
        // IETF protocol assignments (Teredo among them); everything outside global unicast 2000::/3.
        _ if within(0x2001 << 112, 23) || !within(0x2000 << 112, 3) => Range::Reserved,
        _ => return None,
    })
}

/// A CIDR block, e.g. `10.1.0.0/16` or `fd12::/64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = text.split_once('/')?;
        let network: IpAddr = addr.parse().ok()?;
        let prefix: u8 = prefix.parse().ok()?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(Cidr { network: network.to_canonical(), prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.network, ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let shift = 32 - u32::from(self.prefix);
                u32::from(net).checked_shr(shift).unwrap_or(0) == u32::from(ip).checked_shr(shift).unwrap_or(0)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let shift = 128 - u32::from(self.prefix);
                u128::from(net).checked_shr(shift).unwrap_or(0) == u128::from(ip).checked_shr(shift).unwrap_or(0)
            }
            _ => false,
        }
    }

    /// A block of one address (`/32`, `/128`).
    fn is_single(&self) -> bool {
        self.prefix == if self.network.is_ipv4() { 32 } else { 128 }
    }
}

/// The ranges and blocks outbound calls may reach besides the public internet (default: none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    ranges: BTreeSet<Range>,
    blocks: Vec<Cidr>,
}

impl Policy {
    /// `loopback,private,10.1.0.0/16`: range words and CIDR blocks, separated by commas or spaces. An unknown word
    /// is an error naming the words there are.
    pub fn parse(text: &str) -> Result<Policy, String> {
        let mut policy = Policy::default();
        for item in text.split([',', ' ']).map(str::trim).filter(|i| !i.is_empty()) {
            if let Some(range) = Range::parse(item) {
                policy.ranges.insert(range);
            } else if let Some(block) = Cidr::parse(item) {
                policy.blocks.push(block);
            } else {
                let words: Vec<&str> = Range::ALL.iter().map(|r| r.as_str()).collect();
                return Err(format!("`{item}`: expected a CIDR block (10.1.0.0/16) or one of {}", words.join(", ")));
            }
        }
        Ok(policy)
    }

    /// Allows `range` too (tests allow `loopback` for their local servers).
    pub fn allowing(mut self, range: Range) -> Policy {
        self.ranges.insert(range);
        self
    }

    /// Whether an outbound call may reach `ip`; the refused range otherwise. A metadata address is allowed only by
    /// `metadata` or by a block of that one address, never by the range or block around it.
    pub fn check(&self, ip: IpAddr) -> Result<(), Range> {
        let Some(range) = classify(ip) else { return Ok(()) };
        let allowed = self.ranges.contains(&range)
            || self.blocks.iter().any(|b| b.contains(ip) && (range != Range::Metadata || b.is_single()));
        if allowed { Ok(()) } else { Err(range) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(ip: &str) -> Option<Range> {
        classify(ip.parse().unwrap())
    }

    #[test]
    fn every_range_is_recognised_and_public_addresses_pass() {
        let cases = [
            ("127.0.0.1", Some(Range::Loopback)),
            ("127.255.1.2", Some(Range::Loopback)),
            ("::1", Some(Range::Loopback)),
            ("10.0.0.1", Some(Range::Private)),
            ("172.16.0.1", Some(Range::Private)),
            ("172.31.255.255", Some(Range::Private)),
            ("192.168.1.1", Some(Range::Private)),
            ("169.254.1.1", Some(Range::LinkLocal)),
            ("fe80::1", Some(Range::LinkLocal)),
            ("fc00::1", Some(Range::UniqueLocal)),
            ("fdff::1", Some(Range::UniqueLocal)),
            ("100.64.0.1", Some(Range::Cgnat)),
            ("100.127.255.254", Some(Range::Cgnat)),
            ("0.0.0.0", Some(Range::Unspecified)),
            ("::", Some(Range::Unspecified)),
            ("255.255.255.255", Some(Range::Broadcast)),
            ("224.0.0.1", Some(Range::Multicast)),
            ("239.255.255.250", Some(Range::Multicast)),
            ("ff02::1", Some(Range::Multicast)),
            ("192.0.2.1", Some(Range::Documentation)),
            ("198.51.100.7", Some(Range::Documentation)),
            ("203.0.113.9", Some(Range::Documentation)),
            ("2001:db8::1", Some(Range::Documentation)),
            ("3fff::1", Some(Range::Documentation)),
            ("0.1.2.3", Some(Range::Reserved)),
            ("198.18.0.1", Some(Range::Reserved)),
            ("240.0.0.1", Some(Range::Reserved)),
            ("2001::1", Some(Range::Reserved)),
            ("fec0::1", Some(Range::Reserved)),
            ("100::1", Some(Range::Reserved)),
            ("169.254.169.254", Some(Range::Metadata)),
            ("100.100.100.200", Some(Range::Metadata)),
            ("fd00:ec2::254", Some(Range::Metadata)),
            // IPv4-mapped and embedded IPv4 are their IPv4 address.
            ("::ffff:127.0.0.1", Some(Range::Loopback)),
            ("::ffff:10.1.2.3", Some(Range::Private)),
            ("::ffff:169.254.169.254", Some(Range::Metadata)),
            ("64:ff9b::a00:1", Some(Range::Private)),
            ("2002:7f00:1::", Some(Range::Loopback)),
            // Public.
            ("1.1.1.1", None),
            ("172.32.0.1", None),
            ("100.128.0.1", None),
            ("193.191.245.1", None),
            ("::ffff:8.8.8.8", None),
            ("64:ff9b::808:808", None),
            ("2002:808:808::", None),
            ("2a02:2c40::1", None),
        ];
        for (ip, expected) in cases {
            assert_eq!(range(ip), expected, "{ip}");
        }
    }

    #[test]
    fn nothing_but_the_public_internet_by_default() {
        let policy = Policy::default();
        assert_eq!(policy.check("127.0.0.1".parse().unwrap()), Err(Range::Loopback));
        assert_eq!(policy.check("::ffff:192.168.0.1".parse().unwrap()), Err(Range::Private));
        assert_eq!(policy.check("8.8.8.8".parse().unwrap()), Ok(()));
    }

    #[test]
    fn words_and_blocks_allow_what_they_name() {
        let policy = Policy::parse("loopback, 10.1.0.0/16,fd12::/64").unwrap();
        assert_eq!(policy.check("127.0.0.1".parse().unwrap()), Ok(()));
        assert_eq!(policy.check("::1".parse().unwrap()), Ok(()));
        assert_eq!(policy.check("10.1.200.3".parse().unwrap()), Ok(()));
        assert_eq!(policy.check("::ffff:10.1.0.9".parse().unwrap()), Ok(()));
        assert_eq!(policy.check("10.2.0.1".parse().unwrap()), Err(Range::Private));
        assert_eq!(policy.check("fd12::5".parse().unwrap()), Ok(()));
        assert_eq!(policy.check("fd13::5".parse().unwrap()), Err(Range::UniqueLocal));
        assert_eq!(policy.check("192.168.0.1".parse().unwrap()), Err(Range::Private));
        let error = Policy::parse("loopback,intranet").unwrap_err();
        assert!(error.contains("`intranet`") && error.contains("link-local"), "{error}");
        assert!(Policy::parse("10.0.0.0/33").is_err());
        assert_eq!(Cidr::parse("0.0.0.0/0").map(|c| c.contains("1.2.3.4".parse().unwrap())), Some(true));
    }

    #[test]
    fn metadata_stays_refused_when_the_range_around_it_is_allowed() {
        let around = Policy::parse("private,link-local,unique-local,cgnat,169.254.0.0/16,fd00::/8").unwrap();
        for ip in ["169.254.169.254", "fd00:ec2::254", "100.100.100.200", "::ffff:169.254.169.254"] {
            assert_eq!(around.check(ip.parse().unwrap()), Err(Range::Metadata), "{ip}");
        }
        assert_eq!(around.check("169.254.1.1".parse().unwrap()), Ok(()));
        let explicit = Policy::parse("metadata").unwrap();
        assert_eq!(explicit.check("169.254.169.254".parse().unwrap()), Ok(()));
        assert_eq!(explicit.check("fd00:ec2::254".parse().unwrap()), Ok(()));
        let single = Policy::parse("169.254.169.254/32").unwrap();
        assert_eq!(single.check("169.254.169.254".parse().unwrap()), Ok(()));
    }
}
