//! Extract stage: what each clean document mentions. Known actors from the
//! dictionaries ([`actors`]), temporal expressions ([`dates`]), and names
//! the dictionaries do not know ([`ner`], [`discover`]), gathered per
//! document by [`document`] into the [`record`] every later stage reads.

pub mod actors;
pub mod dates;
pub mod disambiguate;
pub mod discover;
pub mod document;
pub mod found;
pub mod ner;
pub mod record;
