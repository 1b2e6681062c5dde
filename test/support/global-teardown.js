// Stops the embedded server, if global-setup started one.
export default async function globalTeardown() {
  await globalThis.__NF_EMBEDDED__?.stop();
}
