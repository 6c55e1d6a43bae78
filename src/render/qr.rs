//! QR codes as inline SVG, generated at build time.
