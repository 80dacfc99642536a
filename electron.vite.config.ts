import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname

/**
 * Three bundles: the main process (ESM), the sandboxed preload (CommonJS, with its few
 * dependencies bundled in, because a sandboxed preload can only require `electron`), and the
 * renderer served from `app://pinlab/` in production or over http in browser mode.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { index: resolve(root, 'electron/main/index.ts') } }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // No inline scripts or eval: the CSP forbids both.
      assetsInlineLimit: 0,
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } }
    }
  }
})
