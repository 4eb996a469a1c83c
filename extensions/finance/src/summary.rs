//! Spending over the stored receipts: totals per month, per category and per currency, and
//! per (month, category, currency). Amounts are summed in cents, never across currencies.

use std::collections::BTreeMap;

use spacedrive_sdk::serde_json::{json, Value};
use spacedrive_sdk::types::ListEntriesInput;
use spacedrive_sdk::{Result, SpacedriveClient};

use crate::RECEIPT_TYPE;

#[derive(Default)]
struct Sum {
    cents: i64,
    count: u64,
}

impl Sum {
    fn add(&mut self, cents: i64) {
        self.cents += cents;
        self.count += 1;
    }
}

fn rows<K: Clone>(sums: &BTreeMap<K, Sum>, key: impl Fn(&K) -> Value) -> Value {
    sums.iter()
        .map(|(k, sum)| {
            let mut row = key(k);
            row["total"] = json!(sum.cents as f64 / 100.0);
            row["count"] = json!(sum.count);
            row
        })
        .collect()
}

pub fn summarise(client: &SpacedriveClient) -> Result<Value> {
    let mut by_month: BTreeMap<(String, String), Sum> = BTreeMap::new();
    let mut by_category: BTreeMap<(String, String), Sum> = BTreeMap::new();
    let mut by_currency: BTreeMap<String, Sum> = BTreeMap::new();
    let mut detail: BTreeMap<(String, String, String), Sum> = BTreeMap::new();
    let (mut receipts, mut needs_review, mut not_counted) = (0u64, 0u64, 0u64);
    let mut input = ListEntriesInput {
        entry_type: Some(RECEIPT_TYPE.into()),
        limit: Some(500),
        ..Default::default()
    };
    loop {
        let page = client.list_entries(input.clone())?;
        for entry in page.entries {
            receipts += 1;
            let meta = &entry.metadata;
            if meta.get("needs_review").and_then(Value::as_bool) == Some(true) {
                needs_review += 1;
            }
            let total = meta.get("total").and_then(Value::as_f64);
            let currency = meta.get("currency").and_then(Value::as_str);
            let (Some(total), Some(currency)) = (total, currency) else {
                not_counted += 1; // no amount or currency: listed for review, not summed
                continue;
            };
            let cents = (total * 100.0).round() as i64;
            let currency = currency.to_string();
            let month = meta
                .get("date")
                .and_then(Value::as_str)
                .and_then(|d| d.get(..7))
                .unwrap_or("undated")
                .to_string();
            let category = meta
                .get("category")
                .and_then(Value::as_str)
                .unwrap_or("other")
                .to_string();
            by_month
                .entry((month.clone(), currency.clone()))
                .or_default()
                .add(cents);
            by_category
                .entry((category.clone(), currency.clone()))
                .or_default()
                .add(cents);
            by_currency.entry(currency.clone()).or_default().add(cents);
            detail
                .entry((month, category, currency))
                .or_default()
                .add(cents);
        }
        match page.next_cursor {
            Some(cursor) => input.cursor = Some(cursor),
            None => break,
        }
    }
    Ok(json!({
        "receipts": receipts,
        "needs_review": needs_review,
        "not_counted": not_counted,
        "by_month": rows(&by_month, |(m, c)| json!({"month": m, "currency": c})),
        "by_category": rows(&by_category, |(k, c)| json!({"category": k, "currency": c})),
        "by_currency": rows(&by_currency, |c| json!({"currency": c})),
        "rows": rows(&detail, |(m, k, c)| json!({"month": m, "category": k, "currency": c})),
    }))
}
