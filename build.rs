//! Compiles the default gazetteers (`gazetteers/*.csv`, without the lexicons) into the binary.
use std::fmt::Write as _;

fn main() {
    // read at run time: `env!` would freeze the folder the build script was first compiled in
    // (a target folder copied from another checkout then embeds that checkout's gazetteers)
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = std::path::Path::new(&manifest).join("gazetteers");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    n.ends_with(".csv")
                        && !["roles.csv", "titles.csv", "frames.csv", "words.csv"]
                            .contains(&n.as_str())
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// Built-in gazetteer files.\nconst DEFAULT_GAZETTEERS: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        let path = dir.join(n);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({n:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("default_gazetteers.rs");
    std::fs::write(out, code).unwrap();
}
