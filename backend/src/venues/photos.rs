//! Venue photos: what an uploaded file must be, and what of it is kept.
//!
//! A photo is a JPEG, PNG or WebP of at most [`MAX_BYTES`], whose first
//! bytes say it is what its content type says, with a size the file itself
//! states. What a file says beside the picture goes: EXIF (the camera, the
//! time and often the place it was taken: a caretaker's phone at home), XMP,
//! comments and text chunks. A JPEG's orientation is the one thing of EXIF
//! kept (a phone's portrait photo would show on its side without it), as a
//! minimal EXIF block of that one tag.
//!
//! Parsing here walks the containers' segments and chunks only; it never
//! decodes pixels, so a hostile file costs one pass over its bytes.

use std::fmt;

/// The largest file taken, decoded (5 MB).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The largest side, in pixels.
pub const MAX_SIDE: u32 = 10_000;
/// Photos per venue.
pub const MAX_PER_VENUE: i64 = 8;

/// A photo ready to store: its type, the bytes as served, its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Why a file is not taken, in words for the operator who sent it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected(pub String);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn reject<T>(why: &str) -> Result<T, Rejected> {
    Err(Rejected(why.to_string()))
}

/// The file as it may be stored and served, or why not.
pub fn check(content_type: &str, data: &[u8]) -> Result<Checked, Rejected> {
    if data.len() > MAX_BYTES {
        return reject("The photo is larger than 5 MB. Save it smaller (a photo for a phone needs no more than about 2,000 pixels across).");
    }
    let (content_type, (bytes, width, height)) = match content_type {
        "image/jpeg" => ("image/jpeg", jpeg(data)?),
        "image/png" => ("image/png", png(data)?),
        "image/webp" => ("image/webp", webp(data)?),
        _ => return reject("A photo must be a JPEG, PNG or WebP image."),
    };
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return reject("The photo's size must be between 1 and 10,000 pixels on each side.");
    }
    Ok(Checked {
        content_type,
        bytes,
        width,
        height,
    })
}

fn be16(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(
        b.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn le24(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 3)?;
    Some(u32::from(s[0]) | u32::from(s[1]) << 8 | u32::from(s[2]) << 16)
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

const NOT_JPEG: &str = "This file is not a JPEG image (or it is damaged).";

/// A JPEG without its APP1 (EXIF, XMP), APP3–APP13, APP15 and comment
/// segments; an EXIF orientation other than "upright" comes back as a
/// minimal EXIF block.
fn jpeg(data: &[u8]) -> Result<(Vec<u8>, u32, u32), Rejected> {
    if !data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return reject(NOT_JPEG);
    }
    let mut out = vec![0xFF, 0xD8];
    let mut size = None;
    let mut orientation = None;
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may come before a marker.
        while data.get(at) == Some(&0xFF) && data.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        if data.get(at) != Some(&0xFF) {
            return reject(NOT_JPEG);
        }
        let Some(&marker) = data.get(at + 1) else {
            return reject(NOT_JPEG);
        };
        if marker == 0xD9 {
            // The end, with no image data before it.
            return reject(NOT_JPEG);
        }
        let Some(len) = be16(data, at + 2).map(|l| l as usize) else {
            return reject(NOT_JPEG);
        };
        let Some(segment) = data.get(at..at + 2 + len).filter(|_| len >= 2) else {
            return reject(NOT_JPEG);
        };
        let body = &segment[4..];
        match marker {
            // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC): the frame's size.
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                let (Some(h), Some(w)) = (be16(body, 1), be16(body, 3)) else {
                    return reject(NOT_JPEG);
                };
                size = Some((w, h));
                out.extend_from_slice(segment);
            }
            0xE1 => {
                if let Some(o) = exif_orientation(body) {
                    orientation = Some(o);
                }
            }
            0xE3..=0xED | 0xEF | 0xFE => {}
            0xDA => {
                // Start of scan: the compressed picture runs to the end.
                let Some((w, h)) = size else {
                    return reject(NOT_JPEG);
                };
                if let Some(o) = orientation.filter(|&o| (2..=8).contains(&o)) {
                    insert_orientation(&mut out, o);
                }
                out.extend_from_slice(&data[at..]);
                return Ok((out, w, h));
            }
            _ => out.extend_from_slice(segment),
        }
        at += 2 + len;
    }
}

/// The Orientation tag (0x0112) of an APP1 EXIF block's first IFD.
fn exif_orientation(body: &[u8]) -> Option<u16> {
    let tiff = body.strip_prefix(b"Exif\0\0")?;
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(512)).find_map(|i| {
        let entry = ifd + 2 + i * 12;
        (u16_at(entry)? == 0x0112).then(|| u16_at(entry + 8))?
    })
}

/// An APP1 EXIF segment holding only the orientation, after the APP0
/// (JFIF) segment if there is one, else right after the start marker.
fn insert_orientation(out: &mut Vec<u8>, orientation: u16) {
    let mut app1 = vec![0xFF, 0xE1, 0, 0];
    app1.extend_from_slice(b"Exif\0\0MM\0\x2A\0\0\0\x08");
    // One entry: Orientation, SHORT, count 1, the value; no next IFD.
    app1.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    app1.extend_from_slice(&orientation.to_be_bytes());
    app1.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let len = u16::try_from(app1.len() - 2).unwrap_or(u16::MAX);
    app1[2..4].copy_from_slice(&len.to_be_bytes());
    let at = if out.get(2..4) == Some(&[0xFF, 0xE0]) {
        4 + be16(out, 4).unwrap_or(0) as usize
    } else {
        2
    };
    let at = at.min(out.len());
    out.splice(at..at, app1);
}

const NOT_PNG: &str = "This file is not a PNG image (or it is damaged).";

/// A PNG without its text (tEXt, zTXt, iTXt), EXIF (eXIf) and time chunks.
fn png(data: &[u8]) -> Result<(Vec<u8>, u32, u32), Rejected> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !data.starts_with(SIGNATURE) {
        return reject(NOT_PNG);
    }
    let mut out = SIGNATURE.to_vec();
    let mut size = None;
    let mut at = SIGNATURE.len();
    loop {
        let (Some(len), Some(kind)) = (be32(data, at), data.get(at + 4..at + 8)) else {
            return reject(NOT_PNG);
        };
        let Some(chunk) = data.get(at..at + 12 + len as usize) else {
            return reject(NOT_PNG);
        };
        if size.is_none() {
            if kind != b"IHDR" {
                return reject(NOT_PNG);
            }
            let (Some(w), Some(h)) = (be32(chunk, 8), be32(chunk, 12)) else {
                return reject(NOT_PNG);
            };
            size = Some((w, h));
        }
        match kind {
            b"tEXt" | b"zTXt" | b"iTXt" | b"eXIf" | b"tIME" => {}
            _ => out.extend_from_slice(chunk),
        }
        at += chunk.len();
        if kind == b"IEND" {
            let (w, h) = size.unwrap_or((0, 0));
            return Ok((out, w, h));
        }
    }
}

const NOT_WEBP: &str = "This file is not a WebP image (or it is damaged).";

/// A WebP without its EXIF and XMP chunks (and their flags in VP8X).
fn webp(data: &[u8]) -> Result<(Vec<u8>, u32, u32), Rejected> {
    if data.get(..4) != Some(b"RIFF") || data.get(8..12) != Some(b"WEBP") {
        return reject(NOT_WEBP);
    }
    let end = le32(data, 4)
        .map(|n| n as usize + 8)
        .filter(|&e| e <= data.len())
        .ok_or_else(|| Rejected(NOT_WEBP.into()))?;
    let mut out = b"RIFF\0\0\0\0WEBP".to_vec();
    let mut size = None;
    let mut at = 12;
    while at < end {
        let (Some(kind), Some(len)) = (data.get(at..at + 4), le32(data, at + 4)) else {
            return reject(NOT_WEBP);
        };
        let padded = len as usize + (len as usize & 1);
        let Some(chunk) = data.get(at..at + 8 + padded) else {
            return reject(NOT_WEBP);
        };
        let body = &chunk[8..8 + len as usize];
        match kind {
            b"EXIF" | b"XMP " => {}
            b"VP8X" => {
                let (Some(w), Some(h)) = (le24(body, 4), le24(body, 7)) else {
                    return reject(NOT_WEBP);
                };
                size = Some((w + 1, h + 1));
                let mut chunk = chunk.to_vec();
                chunk[8] &= !(0x08 | 0x04);
                out.extend_from_slice(&chunk);
            }
            b"VP8 " => {
                // A key frame: 3 bytes of frame tag, the start code, then
                // 14-bit width and height.
                if size.is_none() {
                    let (Some(&[0x9D, 0x01, 0x2A]), Some(&[w0, w1, h0, h1])) =
                        (body.get(3..6), body.get(6..10))
                    else {
                        return reject(NOT_WEBP);
                    };
                    let w = u32::from(u16::from_le_bytes([w0, w1]) & 0x3FFF);
                    let h = u32::from(u16::from_le_bytes([h0, h1]) & 0x3FFF);
                    size = Some((w, h));
                }
                out.extend_from_slice(chunk);
            }
            b"VP8L" => {
                if size.is_none() {
                    let Some(bits) = le32(body, 1).filter(|_| body.first() == Some(&0x2F)) else {
                        return reject(NOT_WEBP);
                    };
                    size = Some(((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1));
                }
                out.extend_from_slice(chunk);
            }
            _ => out.extend_from_slice(chunk),
        }
        at += chunk.len();
    }
    let Some((w, h)) = size else {
        return reject(NOT_WEBP);
    };
    let riff = u32::try_from(out.len() - 8).unwrap_or(u32::MAX);
    out[4..8].copy_from_slice(&riff.to_le_bytes());
    Ok((out, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 JPEG's segments around a fake scan, with EXIF (orientation 6 and
    /// a GPS pointer), XMP and a comment.
    fn jpeg_with_metadata() -> Vec<u8> {
        let mut f = vec![0xFF, 0xD8];
        f.extend_from_slice(&[0xFF, 0xE0, 0, 16]);
        f.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        let mut exif = b"Exif\0\0II\x2A\0\x08\0\0\0".to_vec();
        exif.extend_from_slice(&[2, 0]);
        exif.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
        exif.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 0x26, 0, 0, 0]);
        exif.extend_from_slice(b"\0\0\0\0GPS 57.7N 11.9E");
        f.extend_from_slice(&[0xFF, 0xE1, 0, (exif.len() + 2) as u8]);
        f.extend_from_slice(&exif);
        let xmp = b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>home</x:xmpmeta>";
        f.extend_from_slice(&[0xFF, 0xE1, 0, (xmp.len() + 2) as u8]);
        f.extend_from_slice(xmp);
        f.extend_from_slice(&[0xFF, 0xFE, 0, 9]);
        f.extend_from_slice(b"secret!");
        f.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0, 2, 0, 3, 1, 1, 0x11, 0]);
        f.extend_from_slice(&[
            0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 0x3F, 0, 0x12, 0x34, 0xFF, 0xD9,
        ]);
        f
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_jpeg_keeps_its_picture_and_orientation_and_loses_the_rest() {
        let c = check("image/jpeg", &jpeg_with_metadata()).unwrap();
        assert_eq!((c.content_type, c.width, c.height), ("image/jpeg", 3, 2));
        for gone in [&b"GPS"[..], b"xmpmeta", b"secret"] {
            assert!(
                !contains(&c.bytes, gone),
                "{:?} left in",
                String::from_utf8_lossy(gone)
            );
        }
        assert!(contains(&c.bytes, b"JFIF"));
        assert!(
            c.bytes.ends_with(&[0x12, 0x34, 0xFF, 0xD9]),
            "the scan as it was"
        );
        let app1 = c.bytes.windows(2).position(|w| w == [0xFF, 0xE1]).unwrap();
        assert_eq!(exif_orientation(&c.bytes[app1 + 4..]), Some(6));
        // Once stripped, stripping again changes nothing.
        assert_eq!(check("image/jpeg", &c.bytes).unwrap(), c);
    }

    #[test]
    fn a_png_loses_its_text_chunks() {
        fn chunk(kind: &[u8], body: &[u8]) -> Vec<u8> {
            let mut c = (body.len() as u32).to_be_bytes().to_vec();
            c.extend_from_slice(kind);
            c.extend_from_slice(body);
            c.extend_from_slice(&[0, 0, 0, 0]);
            c
        }
        let mut f = b"\x89PNG\r\n\x1a\n".to_vec();
        f.extend(chunk(b"IHDR", &[0, 0, 2, 0, 0, 0, 1, 0x80, 8, 6, 0, 0, 0]));
        f.extend(chunk(b"tEXt", b"Author\0Kalle at home"));
        f.extend(chunk(b"eXIf", b"MM\0*GPS"));
        f.extend(chunk(b"IDAT", b"pixels"));
        f.extend(chunk(b"IEND", b""));
        let c = check("image/png", &f).unwrap();
        assert_eq!((c.width, c.height), (512, 384));
        assert!(!contains(&c.bytes, b"Kalle") && !contains(&c.bytes, b"GPS"));
        assert!(contains(&c.bytes, b"pixels") && c.bytes.ends_with(b"IEND\0\0\0\0"));
    }

    #[test]
    fn a_webp_loses_exif_and_xmp_and_their_flags() {
        let mut body = b"WEBP".to_vec();
        body.extend_from_slice(b"VP8X\x0a\0\0\0");
        body.extend_from_slice(&[0x0C, 0, 0, 0, 99, 0, 0, 49, 0, 0]);
        body.extend_from_slice(b"VP8L\x05\0\0\0\x2f\x63\x40\x0c\0\0");
        body.extend_from_slice(b"EXIF\x03\0\0\0GPS\0");
        body.extend_from_slice(b"XMP \x04\0\0\0home");
        let mut f = b"RIFF".to_vec();
        f.extend_from_slice(&(body.len() as u32).to_le_bytes());
        f.extend(body);
        let c = check("image/webp", &f).unwrap();
        assert_eq!((c.width, c.height), (100, 50));
        assert!(!contains(&c.bytes, b"GPS") && !contains(&c.bytes, b"home"));
        assert_eq!(c.bytes[20] & 0x0C, 0, "no EXIF or XMP flag");
        assert_eq!(le32(&c.bytes, 4).unwrap() as usize, c.bytes.len() - 8);
    }

    #[test]
    fn other_files_are_named_and_refused() {
        let jpeg = jpeg_with_metadata();
        for (kind, data, says) in [
            ("image/png", &jpeg[..], "not a PNG"),
            ("image/gif", &b"GIF89a"[..], "JPEG, PNG or WebP"),
            ("image/jpeg", &jpeg[..40], "not a JPEG"),
            ("image/jpeg", &b"<svg onload=alert(1)>"[..], "not a JPEG"),
            ("image/webp", &b"RIFF\xff\xff\xff\xffWEBP"[..], "not a WebP"),
            // A key frame cut short after its start code.
            (
                "image/webp",
                &b"RIFF\x12\0\0\0WEBPVP8 \x06\0\0\0\0\0\0\x9d\x01\x2a"[..],
                "not a WebP",
            ),
        ] {
            let err = check(kind, data).unwrap_err();
            assert!(err.0.contains(says), "{kind}: {err}");
        }
        assert!(check("image/jpeg", &vec![0xFF; MAX_BYTES + 1])
            .unwrap_err()
            .0
            .contains("5 MB"));
    }
}
