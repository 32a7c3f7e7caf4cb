//! Rebuild `models/actors/gazetteer.json.gz` from the Phoenix dictionaries and the
//! hand-written tables:
//!
//! ```text
//! cargo run -p chronicle-actors --release --example build_gazetteer -- \
//!     PHOENIX_DIR models/actors/src models/actors/gazetteer.json.gz
//! ```

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [phoenix, tables, out] = args.as_slice() else {
        return Err("usage: build_gazetteer PHOENIX_DIR TABLES_DIR OUT.json.gz".into());
    };
    let data = chronicle_actors::build::build(&PathBuf::from(phoenix), &PathBuf::from(tables))?;
    let size = chronicle_actors::build::write_gz(&data, &PathBuf::from(out))?;
    let g = chronicle_actors::Gazetteer::from_data(data)?;
    println!("wrote {out}: {} entities, {size} bytes", g.len());
    Ok(())
}
