import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { API_KEY, createHostClient } from './api'
import { createPinlabRouter } from './router'
import './styles/theme.css'
import './styles/base.css'

const app = createApp(App)
app.provide(API_KEY, createHostClient())
app.use(createPinia())
app.use(createPinlabRouter())
app.mount('#app')
