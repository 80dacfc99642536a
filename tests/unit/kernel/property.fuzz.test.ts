/** Raw numeric arguments to every entry point (see property.ts). */
import { fuzzSuite } from './property'

fuzzSuite()
