//! The parts of the crampwise command line that are tested and fuzzed on
//! their own, apart from the `crampwise` binary.

pub mod csv_header;
