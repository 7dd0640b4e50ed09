import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npx vite apps/dashboard` serves the app with hot reload and sends /api to a gateway on :3000 (npm start).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
