//! Records must be JSON objects.
//!
//! serde lets a JSON array stand for a struct, its fields taken by position, so without this
//! `["acme", "Acme", "ACME"]` would load as a company and a link written as a list would load
//! with its fields guessed. These helpers accept only `{ … }` and say "expected a JSON object"
//! instead of naming a Rust type (`struct RawEvent`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use smallvec::{Array, SmallVec};

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
///
/// The records go straight into the list, which grows once, to room for the inline count and
/// eight more, when it leaves its inline space: serde_json gives no length, and doubling from
/// two (to 4, 8, 16) was three allocations and copies for an event with ten links. A raw
/// event lives only until it is checked, so the spare room costs nothing that lasts.
pub fn small_objects<'de, D: Deserializer<'de>, T: Deserialize<'de>, const N: usize>(
    d: D,
) -> Result<SmallVec<[T; N]>, D::Error>
where
    [T; N]: Array<Item = T>,
{
    d.deserialize_seq(SmallObjects(PhantomData))
}

struct SmallObjects<T, const N: usize>(PhantomData<T>);

impl<'de, T: Deserialize<'de>, const N: usize> Visitor<'de> for SmallObjects<T, N>
where
    [T; N]: Array<Item = T>,
{
    type Value = SmallVec<[T; N]>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = SmallVec::new();
        while let Some(Object(item)) = seq.next_element::<Object<T>>()? {
            push_growing(&mut list, item);
        }
        Ok(list)
    }
}

/// Pushes onto a short inline list, growing it as [`small_objects`] says.
pub(super) fn push_growing<A: Array>(list: &mut SmallVec<A>, item: A::Item) {
    if list.len() == list.capacity() {
        list.reserve_exact(list.capacity().max(8));
    }
    list.push(item);
}
