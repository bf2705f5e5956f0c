import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  base: './',
  plugins: [
    svelte(),
    VitePWA({
      // A new deploy waits for the user (src/ui/pwa/UpdateBar.svelte registers the worker and offers the reload).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg', 'demo/demo.pcapng', 'demo/demo.keys'],
      manifest: {
        name: 'Loupe',
        short_name: 'Loupe',
        description: 'Packet analyzer that runs entirely in your browser: captures never leave your machine.',
        theme_color: '#1d4f91',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
          // Full-bleed versions for launchers that crop icons to a circle or squircle (scripts/make-icons.mjs).
          { src: 'icon-maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        // The installed app opens captures on double-click; they arrive through window.launchQueue.
        file_handlers: [
          {
            action: './',
            accept: {
              'application/vnd.tcpdump.pcap': ['.pcap', '.cap'],
              'application/x-pcapng': ['.pcapng'],
              'application/gzip': ['.pcap.gz', '.pcapng.gz'],
            },
          },
        ],
        launch_handler: { client_mode: 'focus-existing' },
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,wasm,svg,png,pcapng,keys,webmanifest}'],
        // The organisations table (~0.5 MB) serves only eth.*.oui_resolved: kept when first fetched, not precached.
        globIgnores: ['**/organisations-*.js'],
        runtimeCaching: [
          {
            urlPattern: /\/organisations-[^/]*\.js$/,
            handler: 'CacheFirst',
            options: { cacheName: 'loupe-organisations' },
          },
        ],
        navigateFallback: 'index.html',
      },
    }),
  ],
  worker: { format: 'es' },
  // dist/ also holds core.wasm and the CLI, built before the app.
  build: {
    target: 'es2022',
    outDir: 'dist/app',
    // Workbox's precache step is slow by nature; Rolldown's timing advisory about it is noise in every build.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
});
