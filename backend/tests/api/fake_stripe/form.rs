//! Stripe's request encoding: `application/x-www-form-urlencoded` with
//! bracketed keys (`metadata[booking_id]=…`, `allowed_payment_method_types[0]=card`,
//! `created[gte]=…`), decoded into JSON: `[n]` indexes make arrays, other
//! brackets make objects, every leaf is a string.

use serde_json::{Map, Value};

pub fn decode(encoded: &str) -> Result<Value, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(encoded).map_err(|e| format!("invalid form body: {e}"))?;
    let mut root = Value::Object(Map::new());
    for (key, value) in pairs {
        let path = split_key(&key).ok_or_else(|| format!("invalid parameter name {key:?}"))?;
        insert(&mut root, &path, value)
            .map_err(|_| format!("{key:?} mixes a value and nested keys"))?;
    }
    Ok(arrays(root))
}

fn insert(node: &mut Value, path: &[String], value: String) -> Result<(), ()> {
    let object = node.as_object_mut().ok_or(())?;
    match path {
        [] => Err(()),
        [last] => {
            object.insert(last.clone(), Value::String(value));
            Ok(())
        }
        [first, rest @ ..] => {
            let child = object
                .entry(first.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            insert(child, rest, value)
        }
    }
}

/// `a[b][0]` → `["a", "b", "0"]`.
fn split_key(key: &str) -> Option<Vec<String>> {
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if head.is_empty() {
        return None;
    }
    let mut path = vec![head.to_string()];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let end = inner.find(']')?;
        path.push(inner[..end].to_string());
        rest = &inner[end + 1..];
    }
    Some(path)
}

/// Objects whose keys are all indexes become arrays, in index order.
fn arrays(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let all_indexes = !map.is_empty() && map.keys().all(|k| k.parse::<usize>().is_ok());
            if all_indexes {
                let mut items: Vec<(usize, Value)> = map
                    .into_iter()
                    .map(|(k, v)| (k.parse().unwrap(), arrays(v)))
                    .collect();
                items.sort_by_key(|(i, _)| *i);
                Value::Array(items.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
            }
        }
        other => other,
    }
}

#[test]
fn decodes_bracketed_keys() {
    let v = decode("amount=15000&currency=sek&allowed_payment_method_types%5B0%5D=card&allowed_payment_method_types%5B1%5D=swish&metadata%5Bbooking_id%5D=abc&created%5Bgte%5D=12").unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "amount": "15000", "currency": "sek",
            "allowed_payment_method_types": ["card", "swish"],
            "metadata": {"booking_id": "abc"},
            "created": {"gte": "12"},
        })
    );
}
