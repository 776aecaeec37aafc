//! No copy of a secret outlives its use: every heap block freed while a
//! `.env` file is read, settings are loaded and everything is dropped is
//! scanned as it is freed, and none may still hold the secret.
//!
//! A global allocator that looks at memory as it is given back: plain
//! `String`s of the secret (the file's text, a map of values, a clone)
//! would be found; `Zeroizing` and `SecretString` wipe theirs first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use jwt_config::{DotenvFile, Environment, JwtSettings, SecretString};

const SECRET: &[u8] = b"ZeroizeMarker-4f1c9e27b3a8d6055e1f";

static WATCHING: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicUsize = AtomicUsize::new(0);

struct Watching;

// SAFETY: every call is forwarded to the system allocator; the scan only
// reads the block being freed, before it is freed.
unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCHING.load(Ordering::Relaxed) && layout.size() >= SECRET.len() {
            // SAFETY: `ptr` is a live block of `layout.size()` bytes.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if block.windows(SECRET.len()).any(|window| window == SECRET) {
                FOUND.fetch_add(1, Ordering::Relaxed);
            }
        }
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Watching = Watching;

#[derive(JwtSettings)]
struct Service {
    jwt_secret_key: SecretString,
    service_secret: Option<SecretString>,
    jwt_issuer: Option<String>,
}

#[test]
fn no_freed_memory_holds_a_secret_read_from_a_dotenv_file() {
    let secret = std::str::from_utf8(SECRET).unwrap();
    let text = format!(
        "\u{feff}# service\nJWT_SECRET_KEY={secret}\nSERVICE_SECRET='{secret}-2'\nJWT_ISSUER=https://auth\nJWT_SECRET_KEY={secret}\n"
    );
    let bytes = text.clone().into_bytes();
    drop(text);
    WATCHING.store(true, Ordering::SeqCst);
    {
        let file = DotenvFile::from_bytes("svc.env", bytes).unwrap();
        let loaded = Service::load(&file, Environment::Test).unwrap();
        let snapshot = loaded.snapshot();
        assert!(loaded.service_secret.is_some() && loaded.jwt_issuer.is_some());
        drop(snapshot);
        drop(loaded);
        drop(file);
    }
    WATCHING.store(false, Ordering::SeqCst);
    assert_eq!(
        FOUND.load(Ordering::SeqCst),
        0,
        "freed blocks still held the secret"
    );

    // The control: a plain copy, as the reader kept before, is found.
    WATCHING.store(true, Ordering::SeqCst);
    let copy = std::hint::black_box(secret.to_owned());
    drop(copy);
    WATCHING.store(false, Ordering::SeqCst);
    assert_eq!(
        FOUND.load(Ordering::SeqCst),
        1,
        "the scan sees a plain copy"
    );
}
