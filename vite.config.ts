import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';

/** Where Cesium's static files (workers, textures, widget CSS assets) are served from. */
const CESIUM_BASE_PATH = '/cesium/';
const CESIUM_BUILD_DIR = 'node_modules/cesium/Build/Cesium';
const CESIUM_STATIC_DIRS = ['Workers', 'ThirdParty', 'Assets', 'Widgets'];
/** The API server the dev server forwards to (`npm run serve`). */
const API_TARGET = 'http://127.0.0.1:8080';
const PROXIED_PATHS = ['/api', '/tilesets', '/socket.io'];
/** Cesium alone is a few MB minified; the default 500 kB warning would fire on every build. */
const CHUNK_SIZE_WARNING_LIMIT_KB = 6000;

export default defineConfig({
  plugins: [
    react(),
    viteStaticCopy({
      targets: CESIUM_STATIC_DIRS.map((dir) => ({
        src: `${CESIUM_BUILD_DIR}/${dir}`,
        dest: CESIUM_BASE_PATH.replaceAll('/', ''),
      })),
    }),
  ],
  // Cesium reads this global to find its workers and assets; all of them are served locally.
  define: { CESIUM_BASE_URL: JSON.stringify(CESIUM_BASE_PATH) },
  server: {
    proxy: Object.fromEntries(
      PROXIED_PATHS.map((path) => [
        path,
        { target: API_TARGET, changeOrigin: false, ws: path === '/socket.io' },
      ]),
    ),
  },
  build: {
    outDir: 'dist',
    // Three pages: the command wall, the grid worker's phone app (/m/) and the resident's report
    // page (/r/); neither phone page has Cesium in its bundle.
    rollupOptions: {
      input: { wall: 'index.html', phone: 'm/index.html', resident: 'r/index.html' },
    },
    chunkSizeWarningLimit: CHUNK_SIZE_WARNING_LIMIT_KB,
  },
});
