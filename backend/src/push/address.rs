//! Where push deliveries may go. A push endpoint is a URL a browser hands
//! us; unchecked, it would let anyone make the server send requests into
//! its own network (SSRF). So an endpoint must be https on a public name or
//! address when it is stored, and every name is resolved again when a
//! message is sent, connecting only to public addresses — a name that
//! resolved publicly at subscribe time and privately later (DNS rebinding)
//! gets nothing.

use std::{
    error::Error,
    fmt,
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
};

use reqwest::{
    dns::{Addrs, Name, Resolve, Resolving},
    Url,
};

/// True for an address on the public internet: not loopback, private,
/// link-local, unique-local, shared (CGNAT), multicast, documentation,
/// benchmarking, reserved or unspecified. IPv6 addresses that carry an IPv4
/// address (mapped, NAT64, 6to4) are judged by that address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // 100.64.0.0/10, carrier-grade NAT
        || (a == 100 && (b & 0xc0) == 64)
        // 192.0.0.0/24, IETF protocol assignments
        || (a == 192 && b == 0 && c == 0)
        // 198.18.0.0/15, benchmarking
        || (a == 198 && (b & 0xfe) == 18)
        // 240.0.0.0/4, reserved
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s {
        // 64:ff9b::/96, NAT64
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => is_public_v4(embedded(hi, lo)),
        // 2002::/16, 6to4
        [0x2002, hi, lo, ..] => is_public_v4(embedded(hi, lo)),
        // 2001::/32 Teredo and 2001:db8::/32 documentation
        [0x2001, 0 | 0xdb8, ..] => false,
        // 3fff::/20 documentation
        [0x3fff, next, ..] if next & 0xf000 == 0 => false,
        // Only global unicast (2000::/3) is routed on the internet; this
        // leaves out ::1, ::, fc00::/7, fe80::/10, ff00::/8 and the rest.
        [seg, ..] => seg & 0xe000 == 0x2000,
    }
}

/// Host names that never name a public push service.
fn is_local_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    !host.contains('.')
        || [".localhost", ".local", ".internal", ".lan", ".home.arpa"]
            .iter()
            .any(|suffix| host.ends_with(suffix))
}

/// Why an endpoint is not accepted, for the person subscribing.
pub fn check_endpoint(endpoint: &str, allow_private_hosts: bool) -> Result<(), &'static str> {
    let url = Url::parse(endpoint).map_err(|_| "The push endpoint is not a URL.")?;
    if url.scheme() != "https" {
        return Err("The push endpoint must be an https URL.");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("The push endpoint must not carry a user name or password.");
    }
    if allow_private_hosts {
        return Ok(());
    }
    let public = match url.host() {
        Some(url::Host::Domain(name)) => !is_local_name(name),
        Some(url::Host::Ipv4(ip)) => is_public_v4(ip),
        Some(url::Host::Ipv6(ip)) => is_public_v6(ip),
        None => false,
    };
    if public {
        Ok(())
    } else {
        Err("The push endpoint must be on a public host.")
    }
}

/// A literal address in `endpoint` that is not public (names are left to
/// [`PublicOnly`], which sees what they resolve to).
pub fn literal_private_host(endpoint: &str) -> bool {
    let Ok(url) = Url::parse(endpoint) else {
        return true;
    };
    match url.host() {
        Some(url::Host::Ipv4(ip)) => !is_public_v4(ip),
        Some(url::Host::Ipv6(ip)) => !is_public_v6(ip),
        Some(url::Host::Domain(_)) => false,
        None => true,
    }
}

/// A resolver that hands the HTTP client only public addresses.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnly;

/// A name resolved to no public address.
#[derive(Debug)]
pub struct NotPublic(pub String);

impl fmt::Display for NotPublic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} resolves to no public address", self.0)
    }
}

impl Error for NotPublic {}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|addr| is_public(addr.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(NotPublic(host)) as Box<dyn Error + Send + Sync>);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// True when `error` (or what caused it) is [`NotPublic`].
pub fn refused_as_private(error: &(dyn Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(e) = cause {
        // By type, or by its words where a layer between kept only those.
        if e.is::<NotPublic>() || e.to_string().ends_with("resolves to no public address") {
            return true;
        }
        cause = e.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(s: &str) -> bool {
        is_public(s.parse().unwrap())
    }

    #[test]
    fn public_and_private_addresses() {
        for ip in [
            "8.8.8.8",
            "142.250.74.46",
            "100.128.0.1",
            "2a00:1450:400f:80d::200a",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
            "3fff:1000::1",
        ] {
            assert!(public(ip), "{ip} is public");
        }
        for ip in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "192.0.0.8",
            "198.18.0.1",
            "192.0.2.1",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "2001:0:4136:e378::1",
            "3fff::1",
            "3fff:0fff::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
        ] {
            assert!(!public(ip), "{ip} is not public");
        }
    }

    #[test]
    fn endpoints_must_be_https_on_a_public_host() {
        let ok = |e: &str| check_endpoint(e, false).is_ok();
        assert!(ok("https://fcm.googleapis.com/fcm/send/abc"));
        assert!(ok("https://updates.push.services.mozilla.com/wpush/v2/x"));
        assert!(ok("https://8.8.8.8/push"));
        for bad in [
            "http://fcm.googleapis.com/fcm/send/abc",
            "https://localhost/push",
            "https://push.localhost/push",
            "https://127.0.0.1:8443/push",
            "https://[::1]/push",
            "https://10.1.2.3/push",
            "https://169.254.169.254/latest/meta-data",
            "https://[fd00::1]/push",
            "https://intranet/push",
            "https://printer.local/push",
            "https://user:pw@fcm.googleapis.com/x",
            "not a url",
        ] {
            assert!(!ok(bad), "{bad} is refused");
        }
        // Tests (only) may use this machine; still https.
        assert!(check_endpoint("https://127.0.0.1:8443/push", true).is_ok());
        assert!(check_endpoint("http://127.0.0.1:8443/push", true).is_err());
    }

    #[test]
    fn literal_hosts() {
        assert!(literal_private_host("https://127.0.0.1/x"));
        assert!(literal_private_host("https://[fe80::1]/x"));
        assert!(!literal_private_host("https://8.8.8.8/x"));
        assert!(!literal_private_host("https://localhost/x"));
    }

    #[tokio::test]
    async fn the_resolver_drops_private_addresses() {
        let name: Name = "localhost".parse().unwrap();
        let error = match PublicOnly.resolve(name).await {
            Ok(addrs) => panic!("localhost resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(error) => error,
        };
        assert!(refused_as_private(error.as_ref()), "{error}");
    }
}
