/** Property test, versions '3.2', '4.4', '4.19' (see property.ts). */
import { propertySuite } from './property'

propertySuite(['3.2', '4.4', '4.19'])
