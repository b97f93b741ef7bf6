//! A software passkey: answers WebAuthn registration and sign-in options as
//! a browser with a platform authenticator would (ES256 key, "none"
//! attestation, user verified), so passkey ceremonies run over plain HTTP.
//! (The browser tests use Chromium's virtual authenticator instead.)

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine};
use openssl::{
    bn::BigNumContext,
    ec::{EcGroup, EcKey},
    hash::MessageDigest,
    nid::Nid,
    pkey::{PKey, Private},
    sign::Signer,
};
use rand::RngCore;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// Authenticator-data flags: user present, user verified, attested
/// credential data included.
const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

pub struct SoftPasskey {
    key: PKey<Private>,
    x: Vec<u8>,
    y: Vec<u8>,
    credential_id: Vec<u8>,
    /// The page's origin, as the browser writes it into the client data.
    origin: String,
    counter: u32,
}

impl SoftPasskey {
    /// A new key pair on a page served from `origin`.
    pub fn new(origin: &str) -> Self {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let ec = EcKey::generate(&group).unwrap();
        let mut x = openssl::bn::BigNum::new().unwrap();
        let mut y = openssl::bn::BigNum::new().unwrap();
        let mut ctx = BigNumContext::new().unwrap();
        ec.public_key()
            .affine_coordinates_gfp(&group, &mut x, &mut y, &mut ctx)
            .unwrap();
        let mut credential_id = vec![0u8; 32];
        rand::rng().fill_bytes(&mut credential_id);
        SoftPasskey {
            key: PKey::from_ec_key(ec).unwrap(),
            x: x.to_vec_padded(32).unwrap(),
            y: y.to_vec_padded(32).unwrap(),
            credential_id,
            origin: origin.to_string(),
            counter: 0,
        }
    }

    fn client_data(&self, kind: &str, options: &Value) -> Vec<u8> {
        let challenge = options["publicKey"]["challenge"].as_str().unwrap();
        json!({ "type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false })
            .to_string()
            .into_bytes()
    }

    fn auth_data(&mut self, rp_id: &str, flags: u8) -> Vec<u8> {
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend(self.counter.to_be_bytes());
        data
    }

    /// The credential `navigator.credentials.create(options)` gives.
    pub fn create(&mut self, options: &Value) -> Value {
        let rp_id = options["publicKey"]["rp"]["id"]
            .as_str()
            .unwrap()
            .to_string();
        let client_data = self.client_data("webauthn.create", options);
        let mut auth_data = self.auth_data(&rp_id, UP | UV | AT);
        auth_data.extend([0u8; 16]); // AAGUID: none
        auth_data.extend((self.credential_id.len() as u16).to_be_bytes());
        auth_data.extend(&self.credential_id);
        // COSE_Key: kty EC2, alg ES256, crv P-256, x, y.
        let mut cose = vec![0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21];
        cbor_bytes(&mut cose, &self.x);
        cose.push(0x22);
        cbor_bytes(&mut cose, &self.y);
        auth_data.extend(cose);
        // {"fmt": "none", "attStmt": {}, "authData": …}
        let mut attestation = vec![0xa3];
        cbor_text(&mut attestation, "fmt");
        cbor_text(&mut attestation, "none");
        cbor_text(&mut attestation, "attStmt");
        attestation.push(0xa0);
        cbor_text(&mut attestation, "authData");
        cbor_bytes(&mut attestation, &auth_data);
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id,
            "rawId": id,
            "type": "public-key",
            "response": {
                "attestationObject": B64.encode(attestation),
                "clientDataJSON": B64.encode(client_data),
            },
            "extensions": {},
        })
    }

    /// The assertion `navigator.credentials.get(options)` gives.
    pub fn get(&mut self, options: &Value) -> Value {
        let rp_id = options["publicKey"]["rpId"].as_str().unwrap().to_string();
        let client_data = self.client_data("webauthn.get", options);
        self.counter += 1;
        let auth_data = self.auth_data(&rp_id, UP | UV);
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let mut signer = Signer::new(MessageDigest::sha256(), &self.key).unwrap();
        let signature = signer.sign_oneshot_to_vec(&signed).unwrap();
        let id = B64.encode(&self.credential_id);
        json!({
            "id": id,
            "rawId": id,
            "type": "public-key",
            "response": {
                "authenticatorData": B64.encode(auth_data),
                "clientDataJSON": B64.encode(client_data),
                "signature": B64.encode(signature),
                "userHandle": null,
            },
            "extensions": {},
        })
    }
}

fn cbor_head(out: &mut Vec<u8>, major: u8, len: usize) {
    match len {
        0..=23 => out.push(major << 5 | len as u8),
        24..=255 => out.extend([major << 5 | 24, len as u8]),
        _ => {
            out.push(major << 5 | 25);
            out.extend((len as u16).to_be_bytes());
        }
    }
}

fn cbor_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    cbor_head(out, 2, bytes.len());
    out.extend(bytes);
}

fn cbor_text(out: &mut Vec<u8>, text: &str) {
    cbor_head(out, 3, text.len());
    out.extend(text.as_bytes());
}
