/** Property test, versions '5.4', '5.8', '5.10' (see property.ts). */
import { propertySuite } from './property'

propertySuite(['5.4', '5.8', '5.10'])
