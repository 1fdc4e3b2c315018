//! Public ids: UUID v5 of the slugs and keys, stable across restarts and databases (the HSDS view and anyone who
//! links to a record use them). Built once per snapshot — a v5 id is a SHA-1, not to recompute per request.

use super::Snapshot;
use std::collections::HashMap;
use uuid::Uuid;

/// The namespace of guichet's public ids: `Uuid::new_v5(&NAMESPACE, "organization:{slug}")` and so on. Never
/// change it: every published id would change.
pub const NAMESPACE: Uuid = Uuid::from_u128(0xbac5_44d9_1a1f_485e_8d73_54ad_3fde_c834);

pub fn v5(name: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, name.as_bytes())
}

/// The id of an institution.
pub fn organization_uuid(slug: &str) -> Uuid {
    v5(&format!("organization:{slug}"))
}

/// The id of a procedure.
pub fn service_uuid(slug: &str) -> Uuid {
    v5(&format!("service:{slug}"))
}

/// The id of a channel.
pub fn channel_uuid(procedure_slug: &str, channel_key: &str) -> Uuid {
    v5(&format!("channel:{procedure_slug}/{channel_key}"))
}

/// The id of a location (its address is `address:{key}`).
pub fn location_uuid(key: &str) -> Uuid {
    v5(&format!("location:{key}"))
}

/// Public id → index in the snapshot.
#[derive(Debug, Default)]
pub struct PublicIds {
    pub organizations: HashMap<Uuid, usize>,
    pub services: HashMap<Uuid, usize>,
    pub channels: HashMap<Uuid, usize>,
}

impl PublicIds {
    pub fn build(s: &Snapshot) -> PublicIds {
        PublicIds {
            organizations: s.institutions.iter().enumerate().map(|(i, x)| (organization_uuid(&x.slug), i)).collect(),
            services: s.procedures.iter().enumerate().map(|(i, p)| (service_uuid(&p.slug), i)).collect(),
            channels: s
                .channels
                .iter()
                .enumerate()
                .map(|(i, c)| (channel_uuid(&s.procedures[c.procedure].slug, &c.key), i))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_name_based() {
        assert_eq!(organization_uuid("actiris"), organization_uuid("actiris"));
        assert_ne!(organization_uuid("actiris"), service_uuid("actiris"));
        assert_eq!(organization_uuid("actiris").get_version_num(), 5);
        // The namespace never changes: an id published once stays the same.
        assert_eq!(organization_uuid("actiris").to_string(), v5("organization:actiris").to_string());
        assert_eq!(NAMESPACE.to_string(), "bac544d9-1a1f-485e-8d73-54ad3fdec834");
    }
}
