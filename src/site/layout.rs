//! Keeping the dealer's layout: a site file is saved by editing the file already on disk in
//! place (`toml_edit`), so its comments, key order and table style survive; only values that
//! changed are replaced, keys that went away are removed, and new keys and tables are appended
//! after the existing ones.

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

/// The text to save: `fresh` (the site as this program writes it) laid over `existing` (the
/// file's current text), keeping `existing`'s comments and layout.
///
/// Falls back to `fresh` when `existing` is not TOML or the merged text would not read back to
/// exactly the same data, so a save never writes anything but the site in memory.
pub(super) fn keep_layout(existing: &str, fresh: &str) -> String {
    let (Ok(mut doc), Ok(new)) = (
        existing.parse::<DocumentMut>(),
        fresh.parse::<DocumentMut>(),
    ) else {
        return fresh.to_owned();
    };
    merge_table(doc.as_table_mut(), new.into_table());
    let merged = doc.to_string();
    let same = match (merged.parse::<toml::Table>(), fresh.parse::<toml::Table>()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same { merged } else { fresh.to_owned() }
}

fn merge_table(old: &mut Table, new: Table) {
    let gone: Vec<String> = old
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| !new.contains_key(k))
        .collect();
    for k in gone {
        old.remove(&k);
    }
    for (key, mut item) in new {
        if let Some(existing) = old.get_mut(&key) {
            merge_item(existing, item);
        } else {
            // Rendered after the tables before it in key order, i.e. appended.
            forget_positions(&mut item);
            old.insert(&key, item);
        }
    }
}

fn merge_item(old: &mut Item, new: Item) {
    match (&mut *old, new) {
        (Item::Table(o), Item::Table(n)) => merge_table(o, n),
        (Item::Value(o), Item::Value(n)) => merge_value(o, n),
        // The dealer wrote it inline: keep it inline.
        (Item::Value(o @ Value::InlineTable(_)), Item::Table(n)) => {
            merge_value(o, Value::InlineTable(n.into_inline_table()));
        }
        (Item::Value(o @ Value::Array(_)), Item::ArrayOfTables(n)) => {
            merge_value(o, Value::Array(n.into_array()));
        }
        (Item::ArrayOfTables(o), Item::ArrayOfTables(n)) => {
            let keep = o.len().min(n.len());
            while o.len() > n.len() {
                o.remove(o.len() - 1);
            }
            for (i, mut table) in n.into_iter().enumerate() {
                if i < keep {
                    if let Some(t) = o.get_mut(i) {
                        merge_table(t, table);
                    }
                } else {
                    table.set_position(None);
                    o.push(table);
                }
            }
        }
        (o, mut n) => {
            forget_positions(&mut n);
            *o = n;
        }
    }
}

fn merge_value(old: &mut Value, new: Value) {
    match (&mut *old, new) {
        (Value::InlineTable(o), Value::InlineTable(n)) => merge_inline(o, n),
        (Value::Array(o), Value::Array(n)) => {
            while o.len() > n.len() {
                o.remove(o.len() - 1);
            }
            let keep = o.len();
            for (i, v) in n.into_iter().enumerate() {
                if i < keep {
                    if let Some(e) = o.get_mut(i) {
                        merge_value(e, v);
                    }
                } else {
                    o.push(v);
                }
            }
        }
        (o, mut n) => {
            if !same_scalar(o, &n) {
                *n.decor_mut() = o.decor().clone();
                *o = n;
            }
        }
    }
}

fn merge_inline(old: &mut InlineTable, new: InlineTable) {
    let gone: Vec<String> = old
        .iter()
        .map(|(k, _)| k.to_owned())
        .filter(|k| !new.contains_key(k))
        .collect();
    for k in gone {
        old.remove(&k);
    }
    for (key, value) in new {
        if let Some(existing) = old.get_mut(&key) {
            merge_value(existing, value);
        } else {
            old.insert(&key, value);
        }
    }
}

/// Whether two values hold the same data (their spelling may differ: the dealer's stays).
fn same_scalar(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value().to_bits() == y.value().to_bits(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        _ => false,
    }
}

fn forget_positions(item: &mut Item) {
    match item {
        Item::Table(t) => {
            t.set_position(None);
            for (_, child) in t.iter_mut() {
                forget_positions(child);
            }
        }
        Item::ArrayOfTables(ts) => {
            for t in ts.iter_mut() {
                t.set_position(None);
                for (_, child) in t.iter_mut() {
                    forget_positions(child);
                }
            }
        }
        Item::Value(_) | Item::None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::keep_layout;

    #[test]
    fn comments_and_inline_style_stay_and_changed_values_are_replaced() {
        let existing = "# the dealer's note\nformat = 1\n\nlist = [ { a = 1 }, { a = 2 } ] # ext\n\n[site]\nname = \"x\" # keep me\nold = true\n";
        let fresh = "format = 1\n[[list]]\na = 1\n[[list]]\na = 3\n[[list]]\na = 4\n\n[site]\nname = \"y\"\n\n[handover]\nfile = \"h.age\"\n";
        let out = keep_layout(existing, fresh);
        assert!(out.starts_with("# the dealer's note\n"), "{out}");
        assert!(out.contains("name = \"y\" # keep me"), "{out}");
        assert!(out.contains("{ a = 3 }"), "{out}");
        assert!(out.contains("# ext"), "{out}");
        assert!(!out.contains("old"), "{out}");
        assert!(
            out.trim_end().ends_with("[handover]\nfile = \"h.age\""),
            "{out}"
        );
        assert_eq!(
            out.parse::<toml::Table>().unwrap(),
            fresh.parse::<toml::Table>().unwrap()
        );
    }

    #[test]
    fn a_file_that_is_not_toml_is_replaced_by_the_fresh_text() {
        assert_eq!(keep_layout("not = = toml", "a = 1\n"), "a = 1\n");
    }
}
