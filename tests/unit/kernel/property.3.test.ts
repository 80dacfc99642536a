/** Property test, versions '6.1', '6.6', '6.18' (see property.ts). */
import { propertySuite } from './property'

propertySuite(['6.1', '6.6', '6.18'])
