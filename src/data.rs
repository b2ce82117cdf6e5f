//! The dataset: its file format, loading, validation and the validated model.
//!
//! Nothing in here knows about the terminal; the app and the `check` command both use it.

pub mod date;
pub mod gap;
pub mod load;
pub mod locate;
pub mod model;
pub mod pairs;
pub mod problem;
pub mod raw;
pub mod sanitize;
pub mod save;
pub mod text;
pub mod timelinejs;
pub mod validate;

pub use date::{PartialDate, Precision, Qualifier};
pub use load::{Loaded, Phase, Progress, load_bytes, load_path, load_path_located, load_path_with, load_vec};
pub use model::{Dataset, Event, Evidence, Kind, Related, Relation, Side};
pub use problem::{LoadError, Problem, Severity};
pub use text::Text;

/// The bundled dataset, compiled into the binary so the app starts anywhere with no files.
pub const BUNDLED_JSON: &str = include_str!("../data/microsoft-ice.json");
/// The name shown for the bundled dataset in messages.
pub const BUNDLED_NAME: &str = "data/microsoft-ice.json";

/// Loads the bundled dataset.
pub fn bundled() -> Result<Loaded, LoadError> {
    load_bytes(BUNDLED_NAME, BUNDLED_JSON.as_bytes())
}
