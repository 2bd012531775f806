// Preloaded into the soak's server only (`node --expose-gc --import`): SIGUSR2 runs a full garbage
// collection, so that the soak can read the memory the server really retains rather than a point on
// the garbage sawtooth. Not part of the server.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
});
