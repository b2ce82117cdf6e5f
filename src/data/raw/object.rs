//! Records must be JSON objects.
//!
//! serde lets a JSON array stand for a struct, its fields taken by position, so without this
//! `["acme", "Acme", "ACME"]` would load as a company and a link written as a list would load
//! with its fields guessed. These helpers accept only `{ … }` and say "expected a JSON object"
//! instead of naming a Rust type (`struct RawEvent`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

/// A `T` that was written as a JSON object.
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor(PhantomData))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Object<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Object)
    }
}

/// `#[serde(default, deserialize_with = "objects")]` on a `Vec` of records.
pub fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Vec::<Object<T>>::deserialize(d)?.into_iter().map(|o| o.0).collect())
}

/// The same for one optional record.
pub fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    Ok(Option::<Object<T>>::deserialize(d)?.map(|o| o.0))
}

/// [`objects`] for a short list kept inline.
pub fn small_objects<'de, D: Deserializer<'de>, T: Deserialize<'de>, const N: usize>(
    d: D,
) -> Result<smallvec::SmallVec<[T; N]>, D::Error>
where
    [T; N]: smallvec::Array<Item = T>,
    [Object<T>; N]: smallvec::Array<Item = Object<T>>,
{
    Ok(smallvec::SmallVec::<[Object<T>; N]>::deserialize(d)?.into_iter().map(|o| o.0).collect())
}
