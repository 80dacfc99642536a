// A script (not a module), so both declarations below are global.

// Vite bundles stylesheets imported for their side effects; TypeScript only needs to know they exist.
declare module '*.css' {}

interface Window {
  /** Present only in Electron: the preload's named-method bridge (shared/api.ts `PreloadBridge`). */
  pinlab?: import('../../shared/protocol').PreloadBridge
}
