// The part of sodium-native (libsodium's Node binding) that personal data uses; the package ships no types.
declare module 'sodium-native' {
  const sodium: {
    readonly crypto_aead_xchacha20poly1305_ietf_KEYBYTES: number;
    readonly crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number;
    readonly crypto_aead_xchacha20poly1305_ietf_ABYTES: number;
    /** Writes ciphertext and tag into `c` (m.length + ABYTES bytes); `ad` is authenticated, not encrypted. */
    crypto_aead_xchacha20poly1305_ietf_encrypt(c: Uint8Array, m: Uint8Array, ad: Uint8Array | null, nsec: null, npub: Uint8Array, k: Uint8Array): number;
    /** Writes the plaintext into `m` (c.length - ABYTES bytes); throws if authentication fails. */
    crypto_aead_xchacha20poly1305_ietf_decrypt(m: Uint8Array, nsec: null, c: Uint8Array, ad: Uint8Array | null, npub: Uint8Array, k: Uint8Array): number;
    randombytes_buf(buffer: Uint8Array): void;
  };
  export default sodium;
}
