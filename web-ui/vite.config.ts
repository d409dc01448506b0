import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The proxy serves the bundle from this jar's META-INF/resources/ (Quarkus static
// resources), so the build writes straight into Maven's target/classes.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The CSP is script-src 'self': never inline anything into index.html.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than our pages (better caching),
        // and xterm.js is only fetched by the terminal and player pages.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/](@mantine|@floating-ui|react-remove-scroll|react-remove-scroll-bar|react-style-singleton|react-number-format|react-textarea-autosize|use-callback-ref|use-sidecar|get-nonce|detect-node-es|tslib|clsx|type-fest)[\\/]/ },
            { name: 'xterm', test: /node_modules[\\/]@xterm[\\/]/ },
            { name: 'qrcode', test: /node_modules[\\/](qrcode|dijkstrajs)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // A proxy started with the quickstart listens on 3080 with a self-signed certificate.
      '/v1': {
        target: 'https://127.0.0.1:3080',
        secure: false,
        ws: true,
        changeOrigin: true,
        configure: (proxy) => {
          // The proxy refuses a WebSocket whose Origin is not its own.
          proxy.on('proxyReqWs', (proxyReq) => proxyReq.setHeader('origin', 'https://127.0.0.1:3080'));
        },
      },
    },
  },
});
