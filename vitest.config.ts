import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          setupFiles: ['tests/setup/property.ts'],
          include: ['tests/unit/**/*.test.ts', 'tests/programs/**/*.test.ts'],
          testTimeout: 60_000
        }
      },
      {
        extends: true,
        test: {
          name: 'component',
          environment: 'jsdom',
          setupFiles: ['tests/setup/dom.ts', 'tests/setup/property.ts'],
          include: ['tests/component/**/*.test.ts']
        }
      }
    ]
  }
})
