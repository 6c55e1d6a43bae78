//! Vietnamese text done right: slugs, accent folding, dates and times as
//! official documents and residents write them, and numbers read aloud.
