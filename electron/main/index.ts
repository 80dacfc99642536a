import { bootstrap } from './app'

bootstrap()
