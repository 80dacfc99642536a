/**
 * The part of electron-store 11 (https://github.com/sindresorhus/electron-store, MIT) that
 * electron-profile-store.ts uses, declared here so this branch type-checks before the package is
 * installed (`npm install electron-store@11.0.2`). An ambient declaration takes precedence over
 * the package's own types; delete this file after installing to check against those.
 */
declare module 'electron-store' {
  export interface Options<T extends Record<string, unknown>> {
    /** The file name without `.json`. */
    name?: string
    /** The folder (default: app.getPath('userData')). */
    cwd?: string
    /** JSON Schema of the top-level properties, checked on every read and write. */
    schema?: { [K in keyof T]?: Record<string, unknown> }
    /** false: a file that is not JSON makes the constructor throw instead of being emptied. */
    clearInvalidConfig?: boolean
    accessPropertiesByDotNotation?: boolean
    watch?: boolean
    serialize?: (value: T) => string
    /** The file's mode when electron-store creates it. */
    configFileMode?: number
  }

  export default class ElectronStore<T extends Record<string, unknown> = Record<string, unknown>> {
    constructor(options?: Options<T>)
    /** The whole document; assigning writes it atomically. */
    store: T
    readonly path: string
  }
}
