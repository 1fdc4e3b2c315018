// The tables of migrations/{sqlite,postgres}; written by hand so one schema serves both backends.

diesel::table! {
    sources (id) {
        id -> BigInt,
        key -> Text,
        title -> Text,
        url -> Nullable<Text>,
        document -> Nullable<Text>,
        fact_date -> Nullable<Text>,
        uncertain -> Bool,
        note -> Nullable<Text>,
        updated_at -> Timestamp,
        read_on -> Nullable<Text>,
        original_title -> Nullable<Text>,
        marks -> Text,
        defined_in -> Nullable<Text>,
    }
}

diesel::table! {
    communes (id) {
        id -> BigInt,
        slug -> Text,
        name_fr -> Text,
        name_nl -> Nullable<Text>,
        nis_code -> Nullable<Text>,
        postcodes -> Text,
        source_id -> BigInt,
        updated_at -> Timestamp,
        sections -> Text,
    }
}

diesel::table! {
    institutions (id) {
        id -> BigInt,
        slug -> Text,
        level -> Text,
        name_fr -> Text,
        name_nl -> Nullable<Text>,
        name_en -> Nullable<Text>,
        parent_id -> Nullable<BigInt>,
        website -> Nullable<Text>,
        commune_id -> Nullable<BigInt>,
        note -> Nullable<Text>,
        source_id -> BigInt,
        withdrawn_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        quotes -> Text,
        short_names -> Text,
        probe_patterns -> Text,
        update_every_months -> Nullable<Integer>,
    }
}

diesel::table! {
    locations (id) {
        id -> BigInt,
        key -> Text,
        name_fr -> Text,
        name_nl -> Nullable<Text>,
        name_en -> Nullable<Text>,
        address -> Nullable<Text>,
        postcode -> Nullable<Text>,
        commune_id -> Nullable<BigInt>,
        lat -> Nullable<Double>,
        lon -> Nullable<Double>,
        source_id -> BigInt,
        updated_at -> Timestamp,
        fact_sources -> Text,
        note -> Nullable<Text>,
        defined_in -> Nullable<Text>,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    procedures (id) {
        id -> BigInt,
        slug -> Text,
        institution_id -> BigInt,
        name_fr -> Text,
        name_nl -> Nullable<Text>,
        name_en -> Nullable<Text>,
        summary_fr -> Nullable<Text>,
        summary_nl -> Nullable<Text>,
        summary_en -> Nullable<Text>,
        categories -> Text,
        keywords -> Text,
        online_url -> Nullable<Text>,
        identification -> Text,
        documents -> Text,
        note -> Nullable<Text>,
        source_id -> BigInt,
        withdrawn_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        quotes -> Text,
        absent -> Text,
        deadline -> Nullable<Text>,
        helped_by -> Text,
    }
}

diesel::table! {
    channels (id) {
        id -> BigInt,
        procedure_id -> BigInt,
        key -> Text,
        kind -> Text,
        completion -> Text,
        location_id -> Nullable<BigInt>,
        opening_hours -> Nullable<Text>,
        phone -> Nullable<Text>,
        phone_cost -> Nullable<Text>,
        email -> Nullable<Text>,
        url -> Nullable<Text>,
        booking -> Text,
        languages -> Text,
        wheelchair -> Text,
        cost -> Nullable<Text>,
        conditions_fr -> Nullable<Text>,
        conditions_nl -> Nullable<Text>,
        conditions_en -> Nullable<Text>,
        note -> Nullable<Text>,
        source_id -> BigInt,
        withdrawn_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        quotes -> Text,
        fact_sources -> Text,
        registered -> Bool,
    }
}

diesel::table! {
    declared_statuses (id) {
        id -> BigInt,
        channel_id -> BigInt,
        state -> Text,
        since -> Nullable<Text>,
        until -> Nullable<Text>,
        note -> Nullable<Text>,
        source_id -> BigInt,
        recorded_at -> Timestamp,
        quotes -> Text,
        withdrawn_at -> Nullable<Timestamp>,
        origin -> Text,
    }
}

diesel::joinable!(communes -> sources (source_id));
diesel::joinable!(procedures -> institutions (institution_id));
diesel::joinable!(channels -> procedures (procedure_id));
diesel::joinable!(declared_statuses -> channels (channel_id));

diesel::table! {
    form_keys (id) {
        id -> Integer,
        secret -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    sources,
    communes,
    institutions,
    locations,
    procedures,
    channels,
    declared_statuses,
);

diesel::table! {
    organisations (id) {
        id -> BigInt,
        name -> Text,
        commune_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tokens (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        role -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        expires_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    observations (id) {
        id -> BigInt,
        channel_id -> BigInt,
        organisation_id -> BigInt,
        occurred_at -> Timestamp,
        outcome -> Text,
        minutes_spent -> Integer,
        on_behalf -> Bool,
        failure_reason -> Nullable<Text>,
        wait_minutes -> Nullable<Integer>,
        reporter_role -> Nullable<Text>,
        comment -> Nullable<Text>,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (organisation_id, key) {
        organisation_id -> BigInt,
        key -> Text,
        request_hash -> Text,
        response -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    complaints (id) {
        id -> BigInt,
        tracking_code -> Text,
        procedure_id -> BigInt,
        channel_id -> Nullable<BigInt>,
        problem -> Text,
        description -> Text,
        state -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    complaint_contacts (complaint_id) {
        complaint_id -> BigInt,
        email -> Text,
    }
}

diesel::table! {
    complaint_events (id) {
        id -> BigInt,
        complaint_id -> BigInt,
        state -> Text,
        note -> Nullable<Text>,
        at -> Timestamp,
    }
}

diesel::joinable!(tokens -> organisations (organisation_id));
diesel::joinable!(observations -> organisations (organisation_id));
diesel::joinable!(complaint_events -> complaints (complaint_id));

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    tokens,
    observations,
    idempotency_keys,
    complaints,
    complaint_contacts,
    complaint_events,
    web_sessions,
);

diesel::table! {
    observed_transitions (id) {
        id -> BigInt,
        channel_id -> BigInt,
        state -> Text,
        observations -> Integer,
        complaints -> Integer,
        at -> Timestamp,
    }
}

diesel::table! {
    editions (id) {
        id -> BigInt,
        label -> Text,
        published_at -> Timestamp,
        gaps -> Text,
        monitoring -> Text,
    }
}

diesel::table! {
    web_sessions (id_hash) {
        id_hash -> Text,
        token_id -> Nullable<BigInt>,
        person_id -> Nullable<BigInt>,
        csrf -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(web_sessions -> tokens (token_id));

diesel::table! {
    people (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        user_name -> Text,
        login -> Text,
        display_name -> Text,
        role -> Text,
        password_hash -> Nullable<Text>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sign_in_links (token_hash) {
        token_hash -> Text,
        person_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(people -> organisations (organisation_id));
diesel::joinable!(sign_in_links -> people (person_id));
diesel::joinable!(web_sessions -> people (person_id));
// Pairs with the new tables only: the older ones are declared above.
diesel::allow_tables_to_appear_in_same_query!(people, sign_in_links);
diesel::allow_tables_to_appear_in_same_query!(people, organisations);
diesel::allow_tables_to_appear_in_same_query!(people, web_sessions);
diesel::allow_tables_to_appear_in_same_query!(people, tokens);
diesel::allow_tables_to_appear_in_same_query!(sign_in_links, organisations);
diesel::allow_tables_to_appear_in_same_query!(sign_in_links, web_sessions);
diesel::allow_tables_to_appear_in_same_query!(sign_in_links, tokens);

diesel::table! {
    webhook_subscriptions (id) {
        id -> BigInt,
        organisation_id -> BigInt,
        url -> Text,
        secret -> Text,
        description -> Nullable<Text>,
        kinds -> Text,
        institutions -> Text,
        communes -> Text,
        levels -> Text,
        created_at -> Timestamp,
        deleted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_events (id) {
        id -> BigInt,
        event_id -> Text,
        kind -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        subscription_id -> BigInt,
        event_id -> BigInt,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        claim -> Nullable<Text>,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> BigInt,
        delivery_id -> BigInt,
        number -> Integer,
        at -> Timestamp,
        status -> Nullable<Integer>,
        error -> Nullable<Text>,
        duration_ms -> BigInt,
    }
}

diesel::joinable!(webhook_deliveries -> webhook_subscriptions (subscription_id));
diesel::joinable!(webhook_deliveries -> webhook_events (event_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::allow_tables_to_appear_in_same_query!(
    webhook_subscriptions,
    webhook_events,
    webhook_deliveries,
    webhook_attempts
);

diesel::table! {
    scopes (id) {
        id -> BigInt,
        token_id -> Nullable<BigInt>,
        person_id -> Nullable<BigInt>,
        institution_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> BigInt,
        at -> Timestamp,
        actor_kind -> Text,
        actor_id -> Nullable<BigInt>,
        organisation_id -> Nullable<BigInt>,
        organisation -> Nullable<Text>,
        institution_id -> Nullable<BigInt>,
        resource -> Text,
        resource_id -> BigInt,
        action -> Text,
        before -> Nullable<Text>,
        after -> Nullable<Text>,
    }
}

diesel::joinable!(scopes -> institutions (institution_id));
diesel::allow_tables_to_appear_in_same_query!(scopes, institutions);
diesel::allow_tables_to_appear_in_same_query!(audit_log, institutions);

diesel::table! {
    channel_versions (id) {
        id -> BigInt,
        channel_id -> BigInt,
        version -> Integer,
        entry -> Text,
        withdrawn -> Bool,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    edited_fields (id) {
        id -> BigInt,
        resource -> Text,
        record_id -> BigInt,
        field -> Text,
        file_value -> Text,
        edited_at -> Timestamp,
    }
}

diesel::table! {
    suggestions (id) {
        id -> BigInt,
        tracking_code -> Text,
        channel_id -> BigInt,
        fact -> Text,
        seen -> Text,
        seen_on -> Text,
        proposed -> Nullable<Text>,
        organisation_id -> Nullable<BigInt>,
        actor_kind -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        state -> Text,
        reason -> Nullable<Text>,
        source_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(suggestions -> channels (channel_id));
diesel::joinable!(suggestions -> organisations (organisation_id));
diesel::allow_tables_to_appear_in_same_query!(suggestions, channels);
diesel::allow_tables_to_appear_in_same_query!(suggestions, procedures);
diesel::allow_tables_to_appear_in_same_query!(suggestions, organisations);
diesel::allow_tables_to_appear_in_same_query!(organisations, channels);
diesel::allow_tables_to_appear_in_same_query!(organisations, procedures);

diesel::table! {
    campaigns (id) {
        id -> BigInt,
        name -> Text,
        starts_on -> Text,
        deadline -> Text,
        levels -> Text,
        institutions -> Text,
        communes -> Text,
        organisation_id -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    channel_verifications (id) {
        id -> BigInt,
        channel_id -> BigInt,
        verified_on -> Text,
        kind -> Text,
        verified_by -> Text,
        organisation_id -> Nullable<BigInt>,
        actor_kind -> Text,
        actor_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::joinable!(channel_verifications -> channels (channel_id));
diesel::allow_tables_to_appear_in_same_query!(channel_verifications, channels);

diesel::table! {
    probes (id) {
        id -> BigInt,
        channel_id -> BigInt,
        at -> Timestamp,
        outcome -> Text,
        http_status -> Nullable<Integer>,
        latency_ms -> Integer,
        matched -> Nullable<Text>,
    }
}

diesel::joinable!(probes -> channels (channel_id));
diesel::allow_tables_to_appear_in_same_query!(probes, channels);

diesel::table! {
    gap_statuses (procedure_id, rule) {
        procedure_id -> BigInt,
        rule -> Text,
        status -> Text,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(gap_statuses -> procedures (procedure_id));
diesel::allow_tables_to_appear_in_same_query!(gap_statuses, procedures);

diesel::table! {
    record_versions (id) {
        id -> BigInt,
        resource -> Text,
        record_id -> BigInt,
        version -> Integer,
        entry -> Text,
        withdrawn -> Bool,
        recorded_at -> Timestamp,
    }
}
