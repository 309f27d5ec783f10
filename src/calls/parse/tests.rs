//! Tests of the line reader.
