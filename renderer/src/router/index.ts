import { createRouter, createWebHashHistory, type RouterHistory } from 'vue-router'
import WorkbenchView from '../views/WorkbenchView.vue'

/**
 * Hash history: the app is served as one file from app://pinlab/index.html (Electron) and from
 * http://127.0.0.1:PORT/?token=… (browser mode), so paths must never reach the server.
 */
export function createPinlabRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    routes: [
      { path: '/', name: 'workbench', component: WorkbenchView },
      { path: '/:pathMatch(.*)*', redirect: '/' }
    ]
  })
}
