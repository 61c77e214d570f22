//! Column buffers that append in place (string bytes go into one buffer, so
//! a batch of a million mentions costs no allocation per row), and the
//! conversion of built columns to a table's contract.

use polars::prelude::*;

use super::schema::{ColType, TableSpec};

/// A string column.
pub struct StrColumn {
    inner: StringChunkedBuilder,
}

impl StrColumn {
    pub fn new(name: &'static str, capacity: usize) -> Self {
        StrColumn {
            inner: StringChunkedBuilder::new(name.into(), capacity),
        }
    }

    pub fn push(&mut self, value: &str) {
        self.inner.append_value(value);
    }

    pub fn push_opt(&mut self, value: Option<&str>) {
        self.inner.append_option(value);
    }

    pub fn finish(self) -> Column {
        self.inner.finish().into_column()
    }
}

/// A column's buffer for one batch, created and finished under the
/// column's name (see `table!` in the schema).
pub trait ColumnBuffer: Sized {
    fn with_capacity(name: &'static str, rows: usize) -> Self;
    fn finish(self, name: &'static str) -> PolarsResult<Column>;
}

impl ColumnBuffer for StrColumn {
    fn with_capacity(name: &'static str, rows: usize) -> Self {
        StrColumn::new(name, rows)
    }

    fn finish(self, _: &'static str) -> PolarsResult<Column> {
        Ok(StrColumn::finish(self))
    }
}

/// Vectors of numbers, days and flags become columns as they are; `conform`
/// casts days to Date.
macro_rules! vector_buffers {
    ($($t:ty),*) => {$(
        impl ColumnBuffer for Vec<$t> {
            fn with_capacity(_: &'static str, rows: usize) -> Self {
                Vec::with_capacity(rows)
            }

            fn finish(self, name: &'static str) -> PolarsResult<Column> {
                Ok(Column::new(name.into(), self))
            }
        }
    )*};
}

vector_buffers!(i32, Option<i32>, i64, Option<i64>, bool, Option<bool>);

/// The polars type that stores a contract type.
fn polars_type(dtype: ColType) -> DataType {
    match dtype {
        ColType::String => DataType::String,
        ColType::Date => DataType::Date,
        ColType::Timestamp => DataType::Datetime(TimeUnit::Microseconds, None),
        ColType::Int32 => DataType::Int32,
        ColType::Int64 => DataType::Int64,
        ColType::Bool => DataType::Boolean,
    }
}

/// The polars schema of a table, for writers that need it up front.
pub fn polars_schema(spec: &TableSpec) -> Schema {
    spec.columns
        .iter()
        .map(|c| Field::new(c.name.into(), polars_type(c.dtype)))
        .collect()
}

/// Casts built columns to the contract's types, checking names and order.
/// A mismatch is a bug in a builder, reported as an error, not a panic.
pub fn conform(spec: &TableSpec, columns: Vec<Column>) -> PolarsResult<DataFrame> {
    polars_ensure!(
        columns.len() == spec.columns.len(),
        ShapeMismatch: "table {}: built {} columns, the contract has {}", spec.name, columns.len(), spec.columns.len()
    );
    let mut out = Vec::with_capacity(columns.len());
    for (column, col_spec) in columns.into_iter().zip(spec.columns) {
        polars_ensure!(
            column.name().as_str() == col_spec.name,
            ColumnNotFound: "table {}: built column {} where the contract has {}", spec.name, column.name(), col_spec.name
        );
        let target = polars_type(col_spec.dtype);
        let same = column.dtype() == &target;
        out.push(if same { column } else { column.cast(&target)? });
    }
    DataFrame::new_infer_height(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(column: &Column) -> Vec<Option<String>> {
        let s = column.cast(&DataType::String).unwrap();
        let s = s.str().unwrap();
        (0..s.len()).map(|i| s.get(i).map(str::to_owned)).collect()
    }

    #[test]
    fn string_values_read_back_with_nulls() {
        let mut s = StrColumn::new("s", 2);
        s.push("a long value past the twelve inline bytes");
        s.push_opt(None);
        s.push("é");
        let column = s.finish();
        assert_eq!(column.dtype(), &DataType::String);
        assert_eq!(
            strings(&column),
            vec![
                Some("a long value past the twelve inline bytes".to_owned()),
                None,
                Some("é".to_owned())
            ]
        );
    }
}
