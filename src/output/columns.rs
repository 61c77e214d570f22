//! Column buffers that append in place: string bytes go into one buffer and
//! categorical values are hashed once per distinct value and batch (or run,
//! for keyed values), so a batch of a million mentions costs no allocation
//! per row.

use std::sync::Arc;

use polars::chunked_array::builder::CategoricalChunkedBuilder;
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

/// Categories by caller key ([`CatColumn::push_keyed`]), handed from one
/// batch's column to the next, so that a value that recurs all run long (a
/// discovered name) is hashed once per run rather than once per batch.
/// polars holds the global mapping weakly, and drops it, categories and
/// all, when no column refers to it: this keeps the mapping its
/// categories belong to alive.
#[derive(Default)]
pub struct KeyedCats {
    cats: Vec<Option<CatSize>>,
    mapping: Option<Arc<CategoricalMapping>>,
}

/// A categorical column over polars' global categories (what
/// `output::polars_type` gives for `ColType::Categorical`).
pub struct CatColumn {
    inner: CategoricalChunkedBuilder<Categorical32Type>,
    mapping: Arc<CategoricalMapping>,
    /// Category of each `&'static str` seen, by address: the values of
    /// enumerations (methods, types) are a handful of static strings.
    statics: Vec<(usize, CatSize)>,
    /// Category by caller key (an actor's index), for values that repeat
    /// across rows but are not static.
    keyed: KeyedCats,
    /// The first failure to add a category (the mapping is full), reported
    /// by `finish` so appending stays infallible.
    error: Option<PolarsError>,
}

impl CatColumn {
    pub fn new(name: &'static str, capacity: usize) -> Self {
        let dtype = DataType::from_categories(Categories::global());
        let DataType::Categorical(_, mapping) = &dtype else {
            unreachable!("from_categories gives a Categorical")
        };
        let mapping = mapping.clone();
        debug_assert_eq!(dtype.cat_physical().ok(), Some(CategoricalPhysical::U32));
        let mut inner = CategoricalChunkedBuilder::new(name.into(), dtype);
        inner.reserve(capacity);
        let mut column = CatColumn {
            inner,
            mapping,
            statics: Vec::new(),
            keyed: KeyedCats::default(),
            error: None,
        };
        column.use_keys(KeyedCats::default());
        column
    }

    /// Starts from the keyed categories an earlier batch's column gave up
    /// ([`CatColumn::take_keys`]); they are dropped if polars has made a
    /// new global mapping since.
    pub fn use_keys(&mut self, mut keyed: KeyedCats) {
        if !keyed
            .mapping
            .as_ref()
            .is_some_and(|m| Arc::ptr_eq(m, &self.mapping))
        {
            keyed.cats.clear();
            keyed.mapping = Some(self.mapping.clone());
        }
        self.keyed = keyed;
    }

    /// The keyed categories, for the next batch's column.
    pub fn take_keys(&mut self) -> KeyedCats {
        std::mem::take(&mut self.keyed)
    }

    fn insert(&mut self, value: &str) -> Option<CatSize> {
        match self.mapping.insert_cat(value) {
            Ok(cat) => Some(cat),
            Err(e) => {
                self.error.get_or_insert(e);
                None
            }
        }
    }

    fn append(&mut self, cat: Option<CatSize>) {
        match cat {
            // Cannot fail: the category comes from this builder's own mapping.
            Some(cat) => drop(self.inner.append_cat(cat, &self.mapping)),
            None => self.inner.append_null(),
        }
    }

    /// Appends a value, hashing it (for values that seldom repeat).
    pub fn push(&mut self, value: &str) {
        let cat = self.insert(value);
        self.append(cat);
    }

    pub fn push_opt(&mut self, value: Option<&str>) {
        match value {
            Some(v) => self.push(v),
            None => self.inner.append_null(),
        }
    }

    /// Appends a static value, hashing each distinct one once.
    pub fn push_static(&mut self, value: &'static str) {
        let address = value.as_ptr() as usize;
        let cat = match self.statics.iter().find(|(a, _)| *a == address) {
            Some(&(_, cat)) => Some(cat),
            None => {
                let cat = self.insert(value);
                if let Some(cat) = cat {
                    self.statics.push((address, cat));
                }
                cat
            }
        };
        self.append(cat);
    }

    pub fn push_static_opt(&mut self, value: Option<&'static str>) {
        match value {
            Some(v) => self.push_static(v),
            None => self.inner.append_null(),
        }
    }

    /// Appends the value the caller knows by `key` (the same key always
    /// meaning the same value), hashing it once.
    pub fn push_keyed(&mut self, key: usize, value: &str) {
        if key >= self.keyed.cats.len() {
            self.keyed.cats.resize(key + 1, None);
        }
        let cat = match self.keyed.cats[key] {
            Some(cat) => Some(cat),
            None => {
                let cat = self.insert(value);
                self.keyed.cats[key] = cat;
                cat
            }
        };
        self.append(cat);
    }

    pub fn push_null(&mut self) {
        self.inner.append_null();
    }

    pub fn finish(self) -> PolarsResult<Column> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.inner.finish().into_column()),
        }
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

impl ColumnBuffer for CatColumn {
    fn with_capacity(name: &'static str, rows: usize) -> Self {
        CatColumn::new(name, rows)
    }

    fn finish(self, _: &'static str) -> PolarsResult<Column> {
        CatColumn::finish(self)
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

vector_buffers!(
    i32,
    Option<i32>,
    u32,
    Option<u32>,
    u64,
    Option<u64>,
    bool,
    Option<bool>
);

/// The polars type that stores a contract type.
fn polars_type(dtype: ColType) -> DataType {
    match dtype {
        ColType::String => DataType::String,
        // Global categories read back as plain `Categorical` everywhere, so
        // frames from different runs concatenate. The mapping lives only
        // while a frame holds it (writers keep no polars schema with it, see
        // `polars_schema`), so it does not grow with the corpus.
        ColType::Categorical => DataType::from_categories(Categories::global()),
        ColType::Date => DataType::Date,
        ColType::UInt32 => DataType::UInt32,
        ColType::UInt64 => DataType::UInt64,
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
        let same = matches!(
            (column.dtype(), &target),
            (DataType::Categorical(..), DataType::Categorical(..))
        ) || column.dtype() == &target;
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

    /// Regression: keyed categories kept for the next batch pointed into a
    /// mapping polars had dropped with the previous batch's frames, and
    /// writing the next batch panicked (one thread, several batches).
    #[test]
    fn keyed_categories_outlive_the_batch_that_made_them() {
        let mut c = CatColumn::new("c", 4);
        c.push_keyed(0, "keyed-across-batches");
        c.push_keyed(1, "another keyed value");
        let keys = c.take_keys();
        drop(c.finish().unwrap());
        let mut c = CatColumn::new("c", 4);
        c.use_keys(keys);
        c.push_keyed(1, "another keyed value");
        c.push_keyed(0, "keyed-across-batches");
        assert_eq!(
            strings(&c.finish().unwrap()),
            vec![
                Some("another keyed value".to_string()),
                Some("keyed-across-batches".to_string())
            ]
        );
    }

    #[test]
    fn categorical_values_read_back_whatever_path_appended_them() {
        let mut c = CatColumn::new("c", 8);
        c.push_static("person");
        c.push_keyed(3, "Mark Rutte");
        c.push("Zelensky");
        c.push_null();
        c.push_keyed(3, "Mark Rutte");
        c.push_static("person");
        c.push_static_opt(None);
        c.push_opt(Some("Ünïcode"));
        let column = c.finish().unwrap();
        assert!(matches!(column.dtype(), DataType::Categorical(..)));
        let got = strings(&column);
        let want = [
            Some("person"),
            Some("Mark Rutte"),
            Some("Zelensky"),
            None,
            Some("Mark Rutte"),
            Some("person"),
            None,
            Some("Ünïcode"),
        ];
        let want: Vec<Option<String>> = want.iter().map(|v| v.map(str::to_owned)).collect();
        assert_eq!(got, want);
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
