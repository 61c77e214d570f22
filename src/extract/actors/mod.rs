//! Actor extraction: dictionaries of people, organizations, countries and
//! places with aliases and dated roles ([`dictionary`]), and the matcher
//! that finds their mentions in clean text ([`matcher`]).

pub mod dictionary;
pub mod matcher;
mod scan;
pub mod stub;

pub use dictionary::{Actor, ActorType, Dictionary, DictionaryError, Role};
pub use matcher::{ActorInfo, Matcher, Mention, Method};
