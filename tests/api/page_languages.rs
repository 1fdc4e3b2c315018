//! Every procedure page in French, Dutch and English speaks the page's language: no catalog text shows in
//! another language unless it is a marked quotation (`<q lang>`) or a marked fallback (`<span lang>` with the
//! language said), and no internal key shows.

use crate::helpers::*;
use guichet::domain::texts::Texts;
use guichet::import::load_catalog;

/// The texts a procedure page shows, from the catalog files.
fn page_texts(catalog: &guichet::import::CatalogFiles, slug: &str) -> Vec<Texts> {
    let (file, p) = catalog.procedures().find(|(_, p)| p.slug == slug).unwrap();
    let mut out: Vec<Texts> = vec![p.summary.clone()];
    out.extend(p.documents.iter().cloned());
    out.extend(p.deadline.iter().cloned());
    out.extend(p.note.iter().cloned());
    out.extend(p.absent.iter().filter_map(|a| a.note.clone()));
    out.extend(file.institution.note.iter().cloned());
    for c in &p.channels {
        out.extend(c.note.iter().cloned());
        out.extend(c.cost.iter().cloned());
        out.extend(c.phone_cost.iter().cloned());
        if !c.conditions.is_empty() {
            out.push(c.conditions.clone());
        }
        out.extend(c.status.iter().filter_map(|s| s.note.clone()));
    }
    let sources: Vec<&str> = std::iter::once(p.source.as_str())
        .chain(p.channels.iter().map(|c| c.source.as_str()))
        .chain(p.channels.iter().flat_map(|c| c.status.iter().map(|s| s.source.as_str())))
        .collect();
    out.extend(catalog.all_sources().filter(|s| sources.contains(&s.id.as_str())).map(|s| s.title.clone()));
    out
}

/// What HTML escaping makes of a text.
fn escaped(text: &str) -> String {
    guichet::domain::text::escape_markup(text)
}

/// Every `lang` attribute of a page other than its own language is on a quotation, a marked fallback, or a
/// language's own name (the language switch, the sheets).
fn unmarked_languages(html: &str, lang: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    for (at, _) in html.match_indices(" lang=\"") {
        let value = &html[at + 7..at + 9];
        if value == lang || html[..at].ends_with("<html") {
            continue;
        }
        let tag_start = html[..at].rfind('<').unwrap();
        let tag: String = html[tag_start + 1..].chars().take_while(|c| c.is_alphanumeric()).collect();
        let tail = &html[at..];
        let ok = match tag.as_str() {
            "q" => true,
            "span" => {
                let close = tail.find("</span>").unwrap_or(0);
                tail[close..].starts_with("</span> <small class=\"fallback\">(")
            }
            // Links to the same page or a sheet in that language, named in it.
            "a" => html[tag_start..at].contains("hreflang=") || html[tag_start..at].contains("class=\"sheet-link\""),
            _ => false,
        };
        if !ok {
            wrong.push(html[tag_start..(at + 60).min(html.len())].to_string());
        }
    }
    wrong
}

/// `key` in `text` as a word of its own (not part of a host name, an address or another word).
fn names_key(text: &str, key: &str) -> bool {
    text.match_indices(key).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let mut after = text[at + key.len()..].chars();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
        let (next, then) = (after.next(), after.next());
        let address = before.is_some_and(|c| "./@".contains(c)) || (next == Some('.') && word(then));
        !word(before) && !word(next) && !address
    })
}

#[tokio::test]
async fn every_procedure_page_speaks_its_language() {
    let app = spawn_on(&TestDb::new(), &shipped_catalog()).await;
    let catalog = load_catalog(&shipped_catalog()).unwrap();
    let keys: Vec<String> = catalog
        .all_sources()
        .map(|s| s.id.clone())
        .chain(catalog.procedures().map(|(_, p)| p.slug.clone()))
        .filter(|k| k.contains('-'))
        .collect();
    let mut pages = 0;
    for (_, p) in catalog.procedures() {
        let texts = page_texts(&catalog, &p.slug);
        for lang in ["fr", "nl", "en"] {
            let response = app.get(&format!("/{lang}/procedures/{}", p.slug)).await;
            assert_eq!(response.status(), 200, "{lang} {}", p.slug);
            let html = response.text().await.unwrap();
            pages += 1;
            for t in &texts {
                let mine = t.get(lang).unwrap_or_else(|| panic!("{}: a text lacks {lang}: {t:?}", p.slug));
                assert!(
                    html.contains(&escaped(mine)) || !html.contains(&escaped(&t.fr.clone().unwrap_or_default())),
                    "{lang} {}: a text is shown, but not in {lang}: {t:?}",
                    p.slug
                );
                for other in ["fr", "nl", "en"].into_iter().filter(|o| *o != lang) {
                    let Some(theirs) = t.get(other) else { continue };
                    // Short texts and texts that read the same in both languages say nothing about the language.
                    if theirs.chars().count() < 16 || theirs == mine || mine.contains(theirs) {
                        continue;
                    }
                    assert!(
                        !html.contains(&escaped(theirs)),
                        "/{lang}/procedures/{} shows the {other} text {theirs:?}",
                        p.slug
                    );
                }
            }
            let wrong = unmarked_languages(&html, lang);
            assert!(wrong.is_empty(), "/{lang}/procedures/{}: unmarked other language: {wrong:#?}", p.slug);
            // An internal key shown to a person (inside an attribute, such as a link or an id, it is not shown).
            let shown: String = html
                .split('<')
                .map(|part| part.split_once('>').map_or("", |(_, text)| text))
                .collect::<Vec<_>>()
                .join("\n");
            for key in &keys {
                assert!(!names_key(&shown, key), "/{lang}/procedures/{} shows `{key}`", p.slug);
            }
        }
    }
    assert!(pages >= 3 * 100, "{pages} pages walked");
}
