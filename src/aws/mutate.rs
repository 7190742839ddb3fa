//! Mutations used by `apply` (filled in below).
